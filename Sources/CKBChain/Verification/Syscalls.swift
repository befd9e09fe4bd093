import CKBHash
import CKBVM

/// CKB's syscalls for one script group (`spec/ckb.md` §3; ckb `script/src/syscalls`).
///
/// | number | name | versions |
/// |---|---|---|
/// | 2061, 2051, 2062, 2052 | load_tx_hash, load_transaction, load_script_hash, load_script | all |
/// | 2071, 2081, 2073, 2083, 2072, 2082, 2074 | load_cell, …_by_field, load_input, …, load_header, …, load_witness | all |
/// | 2092, 2091 | load_cell_data, load_cell_data_as_code | all |
/// | 2043 | exec (v1 semantics in VM1, v2 in VM2) | VM1+ |
/// | 2104 | load_block_extension | VM2 |
/// | 2601–2608 | spawn, wait, process_id, pipe, write, read, inherited_fds, close | VM2 |
///
/// `exit`, `debug`, `vm_version` and `current_cycles` are the machine's own. The spawn family
/// checks what it can at once, charges its cycles, hands a message to the ``Scheduler`` and
/// yields; the scheduler finishes the call (sets a0, writes results) before the VM runs again.
final class ScriptSyscalls: SyscallHandler {
    // Return codes (ckb `syscalls/mod.rs`).
    static let success: UInt64 = 0
    static let indexOutOfBound: UInt64 = 1
    static let itemMissing: UInt64 = 2
    static let sliceOutOfBound: UInt64 = 3
    static let wrongFormat: UInt64 = 4

    let tx: ResolvedTransaction
    let group: ScriptGroup
    let version: VMVersion
    let txHash: Byte32
    let txMolecule: [UInt8]
    /// The scheduler running this VM, and the VM's id in it.
    weak var scheduler: Scheduler?
    var processID: UInt64 = 0

    init(tx: ResolvedTransaction, group: ScriptGroup, version: VMVersion, txHash: Byte32, txMolecule: [UInt8]) {
        self.tx = tx
        self.group = group
        self.version = version
        self.txHash = txHash
        self.txMolecule = txMolecule
    }

    // MARK: Sources

    enum SourceKind: UInt64 { case input = 1, output = 2, cellDep = 3, headerDep = 4 }

    struct Source {
        let kind: SourceKind
        let group: Bool
    }

    /// CKB `Source::parse_from_u64`: the low 56 bits must be 1...4 (else a fatal error); the
    /// source is a group source when the high byte is 0x01 (any other high byte: not a group).
    static func source(_ value: UInt64) throws(VMError) -> Source {
        guard let kind = SourceKind(rawValue: value & 0x00FF_FFFF_FFFF_FFFF) else {
            throw .external("invalid source 0x\(String(value, radix: 16))")
        }
        return Source(kind: kind, group: value >> 56 == 1)
    }

    enum Lookup<T> {
        case found(T)
        case code(UInt64)
    }

    /// The cell (output and data) at `index` of `source`.
    func cell(_ index: UInt64, _ source: Source) -> Lookup<(output: CellOutput, data: [UInt8], resolved: ResolvedCell?)> {
        guard index <= UInt64(UInt32.max) else { return .code(Self.indexOutOfBound) }
        let i = Int(index)
        switch (source.kind, source.group) {
        case (.input, false):
            guard i < tx.inputs.count else { return .code(Self.indexOutOfBound) }
            return .found((tx.inputs[i].output, tx.inputs[i].data, tx.inputs[i]))
        case (.output, false):
            guard i < tx.transaction.raw.outputs.count else { return .code(Self.indexOutOfBound) }
            return .found((tx.transaction.raw.outputs[i], tx.transaction.raw.outputsData[i], nil))
        case (.cellDep, false):
            guard i < tx.cellDeps.count else { return .code(Self.indexOutOfBound) }
            return .found((tx.cellDeps[i].output, tx.cellDeps[i].data, tx.cellDeps[i]))
        case (.input, true):
            guard i < group.inputIndices.count else { return .code(Self.indexOutOfBound) }
            let cell = tx.inputs[group.inputIndices[i]]
            return .found((cell.output, cell.data, cell))
        case (.output, true):
            guard i < group.outputIndices.count else { return .code(Self.indexOutOfBound) }
            let k = group.outputIndices[i]
            return .found((tx.transaction.raw.outputs[k], tx.transaction.raw.outputsData[k], nil))
        default:
            return .code(Self.indexOutOfBound)
        }
    }

    // MARK: Partial loading

    /// RFC 0009 partial loading (ckb `store_data`): a0 = address, a1 = pointer to the buffer
    /// size, a2 = offset. Writes the full remaining length to *a1, copies min(size, remaining)
    /// bytes, and charges ceil(copied / 4) cycles.
    func store(_ data: [UInt8], _ m: Machine) throws(VMError) {
        let address = m.register(10), lengthPointer = m.register(11), offset = m.register(12)
        let start = Int(min(offset, UInt64(data.count)))
        let full = data.count - start
        let size = try m.memory.load64(lengthPointer)
        let count = Int(min(size, UInt64(full)))
        try m.memory.store64(lengthPointer, UInt64(full))
        if count > 0 { try m.memory.store(address, data[start..<(start + count)]) }
        try m.addCycles((UInt64(count) + 3) / 4)
        m.setRegister(10, Self.success)
    }

    func fail(_ code: UInt64, _ m: Machine) -> Bool {
        m.setRegister(10, code)
        return true
    }

    static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) } }

    // MARK: Dispatch

    func ecall(_ number: UInt64, machine m: Machine) throws(VMError) -> Bool {
        switch number {
        case 2061: try store(txHash, m); return true
        case 2051: try store(txMolecule, m); return true
        case 2062: try store(group.script.hash, m); return true
        case 2052: try store(group.script.molecule, m); return true
        case 2071: return try loadCell(m, field: nil)
        case 2081: return try loadCell(m, field: m.register(15))
        case 2073: return try loadInput(m, field: nil)
        case 2083: return try loadInput(m, field: m.register(15))
        case 2072: return try loadHeader(m, field: nil)
        case 2082: return try loadHeader(m, field: m.register(15))
        case 2074: return try loadWitness(m)
        case 2092: return try loadCellData(m)
        case 2091: return try loadCellDataAsCode(m)
        case 2043 where version >= .v1: return try exec(m)
        case 2104 where version >= .v2: return try loadBlockExtension(m)
        case 2601...2608 where version >= .v2 && scheduler != nil: return try spawnFamily(number, m)
        default: return false
        }
    }

    func loadCell(_ m: Machine, field: UInt64?) throws(VMError) -> Bool {
        let source = try Self.source(m.register(14))
        guard case .found(let cell) = cell(m.register(13), source) else {
            if case .code(let code) = cell(m.register(13), source) { return fail(code, m) }
            return true
        }
        let data: [UInt8]
        switch field {
        case nil: data = cell.output.molecule
        case 0?: data = Self.le64(cell.output.capacity)
        case 1?: data = BlockHashes.dataHash(cell.data)
        case 2?: data = cell.output.lock.molecule
        case 3?: data = cell.output.lock.hash
        case 4?:
            guard let type = cell.output.type else { return fail(Self.itemMissing, m) }
            data = type.molecule
        case 5?:
            guard let type = cell.output.type else { return fail(Self.itemMissing, m) }
            data = type.hash
        case 6?:
            let (shannons, overflow) = cell.output.occupiedBytes(dataCount: cell.data.count).multipliedReportingOverflow(by: 100_000_000)
            guard !overflow else { throw .unexpected("occupied capacity overflows") }
            data = Self.le64(shannons)
        default:
            throw .external("invalid cell field \(field!)")
        }
        try store(data, m)
        return true
    }

    func loadInput(_ m: Machine, field: UInt64?) throws(VMError) -> Bool {
        let source = try Self.source(m.register(14))
        guard source.kind == .input else { return fail(Self.indexOutOfBound, m) }
        let index = m.register(13)
        guard index <= UInt64(UInt32.max) else { return fail(Self.indexOutOfBound, m) }
        let position: Int
        if source.group {
            guard Int(index) < group.inputIndices.count else { return fail(Self.indexOutOfBound, m) }
            position = group.inputIndices[Int(index)]
        } else {
            guard Int(index) < tx.transaction.raw.inputs.count else { return fail(Self.indexOutOfBound, m) }
            position = Int(index)
        }
        let input = tx.transaction.raw.inputs[position]
        switch field {
        case nil: try store(input.molecule, m)
        case 0?: try store(input.previousOutput.molecule, m)
        case 1?: try store(Self.le64(input.since), m)
        default: throw .external("invalid input field \(field!)")
        }
        return true
    }

    /// The header `index` of `source` refers to: a header dep itself, or the header of the block
    /// that holds an input or cell-dep cell — only when the transaction lists that block in its
    /// header_deps (else ITEM_MISSING). Outputs have no block (INDEX_OUT_OF_BOUND).
    func header(_ index: UInt64, _ source: Source) -> Lookup<Header> {
        switch (source.kind, source.group) {
        case (.headerDep, false):
            guard index < UInt64(tx.headerDeps.count) else { return .code(Self.indexOutOfBound) }
            return .found(tx.headerDeps[Int(index)])
        case (.input, _), (.cellDep, false):
            switch cell(index, source) {
            case .code(let code): return .code(code)
            case .found(let cell):
                guard let hash = cell.resolved?.blockHash, let found = tx.headerDeps.first(where: { $0.hash == hash }) else {
                    return .code(Self.itemMissing)
                }
                return .found(found)
            }
        default:
            return .code(Self.indexOutOfBound)
        }
    }

    func loadHeader(_ m: Machine, field: UInt64?) throws(VMError) -> Bool {
        let source = try Self.source(m.register(14))
        let header: Header
        switch self.header(m.register(13), source) {
        case .code(let code): return fail(code, m)
        case .found(let found): header = found
        }
        let parts = header.raw.epochParts
        switch field {
        case nil: try store(header.molecule, m)
        case 0?: try store(Self.le64(parts.number), m)
        case 1?: try store(Self.le64(header.raw.number &- parts.index), m)
        case 2?: try store(Self.le64(parts.length), m)
        default: throw .external("invalid header field \(field!)")
        }
        return true
    }

    func loadWitness(_ m: Machine) throws(VMError) -> Bool {
        let source = try Self.source(m.register(14))
        let index = m.register(13)
        guard index <= UInt64(UInt32.max) else { return fail(Self.indexOutOfBound, m) }
        let witnessIndex: Int
        switch (source.kind, source.group) {
        case (.input, false), (.output, false):
            witnessIndex = Int(index)
        case (.input, true):
            guard Int(index) < group.inputIndices.count else { return fail(Self.indexOutOfBound, m) }
            witnessIndex = group.inputIndices[Int(index)]
        case (.output, true):
            guard Int(index) < group.outputIndices.count else { return fail(Self.indexOutOfBound, m) }
            witnessIndex = group.outputIndices[Int(index)]
        default:
            return fail(Self.indexOutOfBound, m)
        }
        guard witnessIndex < tx.transaction.witnesses.count else { return fail(Self.indexOutOfBound, m) }
        try store(tx.transaction.witnesses[witnessIndex], m)
        return true
    }

    func loadCellData(_ m: Machine) throws(VMError) -> Bool {
        let source = try Self.source(m.register(14))
        guard case .found(let cell) = cell(m.register(13), source) else {
            if case .code(let code) = cell(m.register(13), source) { return fail(code, m) }
            return true
        }
        if try m.memory.load64(m.register(11)) == 0 {
            // A length query: the remaining length, nothing copied, no cycles.
            let offset = min(m.register(12), UInt64(cell.data.count))
            try m.memory.store64(m.register(11), UInt64(cell.data.count) - offset)
            m.setRegister(10, Self.success)
            return true
        }
        try store(cell.data, m)
        return true
    }

    func loadCellDataAsCode(_ m: Machine) throws(VMError) -> Bool {
        let address = m.register(10), memorySize = m.register(11)
        let contentOffset = m.register(12), contentSize = m.register(13)
        let source = try Self.source(m.register(15))
        guard case .found(let cell) = cell(m.register(14), source) else {
            if case .code(let code) = cell(m.register(14), source) { return fail(code, m) }
            return true
        }
        let (end, overflow) = contentOffset.addingReportingOverflow(contentSize)
        if overflow { throw .memoryOutOfBound(pc: m.pc, address: contentOffset) }
        let count = UInt64(cell.data.count)
        guard contentSize > 0, contentOffset < count, end <= count, contentSize <= memorySize else {
            return fail(Self.sliceOutOfBound, m)
        }
        let content = Array(cell.data[Int(contentOffset)..<Int(end)])
        try m.memory.initPages(address, size: memorySize, flags: Memory.executable | Memory.frozen, content: content, offset: 0)
        m.invalidateDecoded(pages: Int(address >> 12)..<Int((address + memorySize) >> 12))
        try m.addCycles((memorySize + 3) / 4)
        m.setRegister(10, Self.success)
        return true
    }

    func loadBlockExtension(_ m: Machine) throws(VMError) -> Bool {
        let source = try Self.source(m.register(14))
        let blockHash: Byte32
        switch header(m.register(13), source) {
        case .code(let code): return fail(code, m)
        case .found(let found): blockHash = found.hash
        }
        guard let ext = tx.extensions[blockHash] else { return fail(Self.itemMissing, m) }
        try store(ext, m)
        return true
    }

    // MARK: exec

    /// A piece of the transaction a VM2 exec or spawn may run (ckb `types.rs` `DataPieceId`).
    enum DataPiece: Equatable {
        case input(Int), output(Int), cellDep(Int), groupInput(Int), groupOutput(Int)
        case witness(Int), witnessGroupInput(Int), witnessGroupOutput(Int)

        /// ckb `DataPieceId::try_from((source, index, place))`: the raw source register, not
        /// masked, must be one of nine (source, place) pairs, and the index must fit in u32.
        init?(source: UInt64, index: UInt64, place: UInt64) {
            guard index <= UInt64(UInt32.max) else { return nil }
            let i = Int(index)
            switch (source, place) {
            case (1, 0): self = .input(i)
            case (2, 0): self = .output(i)
            case (3, 0): self = .cellDep(i)
            case (0x0100_0000_0000_0001, 0): self = .groupInput(i)
            case (0x0100_0000_0000_0002, 0): self = .groupOutput(i)
            case (1, 1), (2, 1): self = .witness(i)
            case (0x0100_0000_0000_0001, 1): self = .witnessGroupInput(i)
            case (0x0100_0000_0000_0002, 1): self = .witnessGroupOutput(i)
            default: return nil
            }
        }
    }

    /// The whole of `piece`, or nil when its index is past the end of its source (ckb
    /// `SgData::load_data` returning None).
    func data(of piece: DataPiece) -> [UInt8]? {
        let outputs = tx.transaction.raw.outputsData, witnesses = tx.transaction.witnesses
        func at<T>(_ list: [T], _ i: Int) -> T? { i < list.count ? list[i] : nil }
        switch piece {
        case .input(let i): return at(tx.inputs, i)?.data
        case .output(let i): return at(outputs, i)
        case .cellDep(let i): return at(tx.cellDeps, i)?.data
        case .groupInput(let i): return at(group.inputIndices, i).map { tx.inputs[$0].data }
        case .groupOutput(let i): return at(group.outputIndices, i).map { outputs[$0] }
        case .witness(let i): return at(witnesses, i)
        case .witnessGroupInput(let i): return at(group.inputIndices, i).flatMap { at(witnesses, $0) }
        case .witnessGroupOutput(let i): return at(group.outputIndices, i).flatMap { at(witnesses, $0) }
        }
    }

    /// The slice `bounds` (offset << 32 | length) names, clamped as ckb's `SgData::load_data`
    /// clamps it: the offset cut at the end, length 0 meaning to the end, a length past the
    /// end cut at the end.
    static func clampedSlice(_ data: [UInt8], bounds: UInt64) -> [UInt8] {
        let offset = Int(min(bounds >> 32, UInt64(data.count)))
        let length = bounds & 0xFFFF_FFFF
        let remaining = data.count - offset
        let count = length == 0 ? remaining : Int(min(length, UInt64(remaining)))
        return Array(data[offset..<(offset + count)])
    }

    /// exec (2043): a0 index, a1 source, a2 place (0 cell data, 1 witness), a3 bounds
    /// (offset << 32 | length, 0 = to the end), a4 argc, a5 argv.
    ///
    /// VM1 (ckb `exec.rs`) checks the item and the bounds and returns a code for each failure,
    /// and WRONG_FORMAT when the ELF does not load. VM2 (ckb `exec_v2.rs` and the scheduler's
    /// `ExecV2` message) only maps (source, place, index) to a data piece, returning
    /// INDEX_OUT_OF_BOUND when it cannot; then it charges 75,000 cycles, loads the piece (an
    /// index past the end is fatal), clamps the slice and runs it (a slice that is not an ELF,
    /// an empty one included, is fatal).
    func exec(_ m: Machine) throws(VMError) -> Bool {
        version >= .v2 ? try execV2(m) : try execV1(m)
    }

    func execV2(_ m: Machine) throws(VMError) -> Bool {
        let index = m.register(10), rawSource = m.register(11), place = m.register(12), bounds = m.register(13)
        guard let piece = DataPiece(source: rawSource, index: index, place: place) else {
            return fail(Self.indexOutOfBound, m)
        }
        // What follows is the scheduler's part: charged without a limit check (the next
        // instruction checks), then loaded; every failure from here on is fatal.
        try m.addCycles(75_000)  // EXEC_LOAD_ELF_V2_CYCLES_BASE
        guard let data = data(of: piece) else {
            throw .snapshotDataLoad("exec: no \(piece) in the transaction")
        }
        let program = Self.clampedSlice(data, bounds: bounds)
        let elf: ELFProgram
        do {
            elf = try ELFProgram(parsing: program, version: version)
        } catch {
            throw .elf(error)
        }
        let arguments = try Self.arguments(m, argc: m.register(14), argv: m.register(15), limit: .stack)
        m.reset()
        try m.load(elf, program: program, arguments: arguments)
        return true
    }

    func execV1(_ m: Machine) throws(VMError) -> Bool {
        let index = m.register(10), rawSource = m.register(11), place = m.register(12), bounds = m.register(13)
        let source = try Self.source(rawSource)
        let data: [UInt8]
        switch place {
        case 0:
            switch cell(index, source) {
            case .found(let cell): data = cell.data
            case .code(let code): return fail(code, m)
            }
        case 1:
            guard source.kind == .input || source.kind == .output, index <= UInt64(UInt32.max) else {
                return fail(Self.indexOutOfBound, m)
            }
            let list = source.kind == .input ? group.inputIndices : group.outputIndices
            let witness: Int? = source.group ? (Int(index) < list.count ? list[Int(index)] : nil) : Int(index)
            guard let w = witness, w < tx.transaction.witnesses.count else { return fail(Self.indexOutOfBound, m) }
            data = tx.transaction.witnesses[w]
        default:
            throw .external("exec: invalid place \(place)")
        }
        let offset = bounds >> 32, length = bounds & 0xFFFF_FFFF
        guard offset < UInt64(data.count), length == 0 || offset + length <= UInt64(data.count) else {
            return fail(Self.sliceOutOfBound, m)
        }
        let program = Array(data[Int(offset)..<(length == 0 ? data.count : Int(offset + length))])
        let arguments = try Self.arguments(m, argc: m.register(14), argv: m.register(15), limit: .execV1)
        // ckb `exec.rs`: reset (cycles kept), load the ELF and charge ceil(ELF bytes / 4), build
        // the stack and charge ceil(stack bytes / 4); either failing returns WRONG_FORMAT on the
        // reset machine, which then faults at its next fetch.
        m.reset()
        do {
            let elf = try ELFProgram(parsing: program, version: version)
            try m.loadSegments(elf, program: program)
            try m.addCycles((elf.loadedByteCount + 3) / 4)
        } catch {
            return fail(Self.wrongFormat, m)
        }
        do {
            let stackBytes = try m.initializeStack(arguments)
            try m.addCycles((stackBytes + 3) / 4)
        } catch {
            return fail(Self.wrongFormat, m)
        }
        return true
    }

    /// What bounds the arguments an exec or spawn reads.
    enum ArgumentLimit {
        /// ckb `exec.rs`: Σ (8 + length) over the arguments may not pass 1 MiB
        /// (`MAX_ARGV_LENGTH`), checked after each argument is read; `Unexpected` when it does.
        case execV1
        /// Exec v2 and spawn: only the new VM's 1 MiB stack bounds them (`MemOutOfStack`).
        case stack
    }

    /// argc pointers at `argv`, each to a C string in `m`'s memory. Memory faults are fatal, as
    /// is passing `limit`; reading stops there, so a huge argc cannot make it run long.
    static func arguments(_ m: Machine, argc: UInt64, argv: UInt64, limit: ArgumentLimit) throws(VMError) -> [[UInt8]] {
        var arguments: [[UInt8]] = []
        var total: UInt64 = 0
        for i in 0..<argc {
            let pointer = try m.memory.load64(argv &+ 8 &* i)
            var argument: [UInt8] = []
            var address = pointer
            while true {
                let byte = try m.memory.load8(address)
                if byte == 0 { break }
                argument.append(byte)
                address &+= 1
            }
            switch limit {
            case .execV1:
                total += 8 + UInt64(argument.count)
                guard total <= 1 << 20 else { throw .unexpected("exec: arguments exceed 1 MiB") }
            case .stack:
                total += UInt64(argument.count) + 1
                guard total <= Machine.stackSize else { throw .memoryOutOfStack }
            }
            arguments.append(argument)
        }
        return arguments
    }

    // MARK: spawn family (VM2)

    func spawnFamily(_ number: UInt64, _ m: Machine) throws(VMError) -> Bool {
        guard let scheduler else { return false }
        let id = processID
        switch number {
        case 2601:
            return try spawn(m, scheduler)
        case 2602:  // wait: a0 process id, a1 where the exit code goes
            try m.addCycles(Scheduler.yieldCycles)
            scheduler.post(.wait(id, target: m.register(10), exitCodeAddress: m.register(11)))
        case 2603:  // process_id
            m.setRegister(10, id)
            return true
        case 2604:  // pipe: a0 points at two u64 (read fd, write fd)
            try m.addCycles(Scheduler.yieldCycles)
            scheduler.post(.pipe(id, address: m.register(10)))
        case 2605, 2606:  // write / read: a0 fd, a1 buffer, a2 points at the length
            let fd = m.register(10), buffer = m.register(11), lengthAddress = m.register(12)
            let length = try m.memory.load64(lengthAddress)
            let isWrite = number == 2605
            guard (fd & 1 == 1) == isWrite else {
                m.setRegister(10, Scheduler.invalidFD)
                return true
            }
            try m.addCycles(Scheduler.yieldCycles)
            if isWrite {
                scheduler.post(.write(id, .init(fd: fd, consumed: 0, length: length, buffer: buffer, lengthAddress: lengthAddress)))
            } else {
                scheduler.post(.read(id, .init(fd: fd, length: length, buffer: buffer, lengthAddress: lengthAddress)))
            }
        case 2607:  // inherited_fds: a0 buffer, a1 points at its capacity in fds
            try m.addCycles(Scheduler.yieldCycles)
            scheduler.post(.inheritedFDs(id, buffer: m.register(10), lengthAddress: m.register(11)))
        case 2608:  // close: a0 fd
            try m.addCycles(Scheduler.yieldCycles)
            scheduler.post(.close(id, fd: m.register(10)))
        default:
            return false
        }
        throw .yielded
    }

    /// spawn (2601): a0 index, a1 source, a2 place (0 cell data, 1 witness), a3 bounds
    /// (offset << 32 | length, 0 = to the end), a4 points at { argc, argv, process id pointer,
    /// fds pointer (a 0-terminated list, or null) }.
    func spawn(_ m: Machine, _ scheduler: Scheduler) throws(VMError) -> Bool {
        let index = m.register(10), rawSource = m.register(11), place = m.register(12)
        let source = try Self.source(rawSource)
        // ckb `DataPieceId::try_from`: the combination is checked before anything is read.
        guard index <= UInt64(UInt32.max), Self.spawnable(source, place: place) else {
            return fail(Self.indexOutOfBound, m)
        }
        let bounds = m.register(13), arguments = m.register(14)
        let argc = try m.memory.load64(arguments)
        let argv = try m.memory.load64(arguments &+ 8)
        let processIDAddress = try m.memory.load64(arguments &+ 16)
        var fdAddress = try m.memory.load64(arguments &+ 24)
        var fds: [UInt64] = []
        if fdAddress != 0 {
            while true {
                let fd = try m.memory.load64(fdAddress)
                if fd == 0 { break }
                fds.append(fd)
                fdAddress &+= 8
            }
        }
        guard let data = spawnData(index: index, source: source, place: place) else {
            return fail(Self.indexOutOfBound, m)
        }
        let offset = bounds >> 32, length = bounds & 0xFFFF_FFFF
        guard offset < UInt64(data.count), length == 0 || offset + length <= UInt64(data.count) else {
            return fail(Self.sliceOutOfBound, m)
        }
        let program = Array(data[Int(offset)..<(length == 0 ? data.count : Int(offset + length))])
        try m.addCycles(Scheduler.spawnExtraCycles)
        try m.addCycles(Scheduler.yieldCycles)
        scheduler.post(.spawn(processID, .init(program: program, argc: argc, argv: argv, fds: fds,
                                               processIDAddress: processIDAddress)))
        throw .yielded
    }

    /// Whether a spawn may name `place` of `source` (ckb `DataPieceId`): cell data (place 0) of an
    /// input, output or cell dep, or of a group input or output; a witness (place 1) by input or
    /// output index, or by group input or output index.
    static func spawnable(_ source: Source, place: UInt64) -> Bool {
        switch (place, source.kind) {
        case (0, .input), (0, .output), (1, .input), (1, .output): return true
        case (0, .cellDep): return !source.group
        default: return false
        }
    }

    /// The bytes a valid spawn location names, or nil when the item does not exist.
    func spawnData(index: UInt64, source: Source, place: UInt64) -> [UInt8]? {
        if place == 0 {
            if case .found(let cell) = cell(index, source) { return cell.data }
            return nil
        }
        let i = Int(index)
        let witness: Int
        if source.group {
            let list = source.kind == .input ? group.inputIndices : group.outputIndices
            guard i < list.count else { return nil }
            witness = list[i]
        } else {
            witness = i
        }
        guard witness < tx.transaction.witnesses.count else { return nil }
        return tx.transaction.witnesses[witness]
    }
}
