#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Syscalls the embedder implements (the transaction validator implements CKB's).
///
/// The machine handles `exit` (93) itself. Every other ecall goes first to the embedder, then to
/// the machine's built-ins — `debug` (2177), and from VM1 `vm_version` (2041) and
/// `current_cycles` (2042) — and otherwise ends the run with `InvalidEcall`.
public protocol SyscallHandler: AnyObject {
    /// Handles syscall `number` (from a7; arguments in a0...a5). Returns `false` when the number
    /// is not one this handler knows. Extra cycles are added with ``Machine/addCycles(_:)``;
    /// throwing ends the run with that error.
    func ecall(_ number: UInt64, machine: Machine) throws(VMError) -> Bool
}

/// A CKB-VM-compatible RV64 machine: 32 registers, 4 MiB of W^X memory, the CKB cost model.
///
/// ```swift
/// let machine = Machine(version: .v2, maxCycles: 70_000_000)
/// try machine.load(program: elfBytes)
/// let exitCode = try machine.run()     // cycles: machine.cycles
/// ```
public final class Machine {
    public static let registerCount = 32
    /// Where the stack ends (exclusive) and how large it is: [0x300000, 0x400000).
    public static let stackTop: UInt64 = 0x40_0000
    public static let stackSize: UInt64 = 0x10_0000

    public let version: VMVersion
    /// The run fails with `CyclesExceeded` as soon as `cycles` would pass this.
    public var maxCycles: UInt64
    /// Cycles consumed so far, the loading cost included.
    public internal(set) var cycles: UInt64 = 0
    /// Cycles consumed elsewhere that `current_cycles` (2042) adds to ``cycles``: CKB's scheduler
    /// sets it to what the script's other VMs and earlier runs have used.
    public var cycleBase: UInt64 = 0
    public var pc: UInt64 = 0
    public let memory = Memory()
    /// The embedder's syscalls.
    public weak var syscalls: SyscallHandler?
    /// Where `debug` (2177) output goes, one line per call; standard error by default.
    public var debugOutput: (String) -> Void = { line in
        let text = line + "\n"
        _ = text.withCString { write(2, $0, strlen($0)) }
    }
    /// RISC-V instructions executed so far (a fused sequence counts all of its instructions).
    public internal(set) var instructionsRetired: UInt64 = 0
    /// The exit code, once the guest has called `exit`.
    public private(set) var exitCode: Int8?

    let registers: UnsafeMutablePointer<UInt64>
    /// Decoded instructions, one slot per halfword of memory (calloc'd: only touched pages
    /// cost memory). Executable pages never change once loaded, so entries stay valid until a
    /// reset or a page initialisation clears them.
    let decoded: UnsafeMutablePointer<Instruction>
    /// Pages whose slots hold decoded instructions.
    var decodedPages = [Bool](repeating: false, count: Memory.pageCount)

    public init(version: VMVersion, maxCycles: UInt64 = 70_000_000) {
        self.version = version
        self.maxCycles = maxCycles
        registers = UnsafeMutablePointer<UInt64>.allocate(capacity: Machine.registerCount)
        registers.initialize(repeating: 0, count: Machine.registerCount)
        let slots = Memory.size / 2
        decoded = calloc(slots, MemoryLayout<Instruction>.stride)!.bindMemory(to: Instruction.self, capacity: slots)
    }

    deinit {
        registers.deallocate()
        free(decoded)
    }

    // MARK: Registers and cycles

    /// Register `index` (0...31); x0 is always 0.
    public func register(_ index: Int) -> UInt64 { index == 0 ? 0 : registers[index] }

    /// Sets register `index`; writes to x0 are ignored.
    public func setRegister(_ index: Int, _ value: UInt64) {
        if index != 0 { registers[index] = value }
    }

    /// Returns the cycles consumed so far and resets the counter to zero (CKB's scheduler moves
    /// each VM's cycles into its own total after every run).
    public func takeCycles() -> UInt64 {
        defer { cycles = 0 }
        return cycles
    }

    /// Adds cycles without checking the limit (the run loop checks after each syscall).
    public func addCycles(_ amount: UInt64) throws(VMError) {
        let (sum, overflow) = cycles.addingReportingOverflow(amount)
        guard !overflow else { throw .cyclesOverflow }
        cycles = sum
    }

    // MARK: Loading

    /// Clears registers, pc, memory and decoded instructions; keeps the cycle count (CKB-VM
    /// `reset`, used by exec).
    public func reset() {
        registers.update(repeating: 0, count: Machine.registerCount)
        pc = 0
        exitCode = nil
        memory.clear()
        invalidateDecoded(pages: 0..<Memory.pageCount)
    }

    /// Forgets decoded instructions on `pages` and on the page before them (a fused sequence
    /// may reach into the next page).
    public func invalidateDecoded(pages: Range<Int>) {
        let first = max(0, pages.lowerBound - 1)
        let slotsPerPage = Memory.pageSize / 2
        for page in first..<min(pages.upperBound, Memory.pageCount) where decodedPages[page] {
            (decoded + page * slotsPerPage).update(repeating: .unloaded, count: slotsPerPage)
            decodedPages[page] = false
        }
    }

    /// Loads an ELF program and builds the initial stack, and charges the loading cost:
    /// ceil((Σ p_filesz + stack bytes) / 4) cycles (`spec/ckb.md` §1.5).
    ///
    /// - Returns: the cycles charged.
    @discardableResult
    public func load(program: [UInt8], arguments: [[UInt8]] = []) throws(VMError) -> UInt64 {
        let elf: ELFProgram
        do {
            elf = try ELFProgram(parsing: program, version: version)
        } catch {
            throw .elf(error)
        }
        return try load(elf, program: program, arguments: arguments)
    }

    /// Loads `program`, already parsed as `elf` (for an embedder that must parse before it does
    /// anything else, as CKB's exec v2 parses before it reads argv), and charges its cost with
    /// one rounding.
    @discardableResult
    public func load(_ elf: ELFProgram, program: [UInt8], arguments: [[UInt8]] = []) throws(VMError) -> UInt64 {
        try loadSegments(elf, program: program)
        let stackBytes = try initializeStack(arguments)
        let cost = (elf.loadedByteCount + stackBytes + 3) / 4
        try addCycles(cost)
        return cost
    }

    /// Places `elf`'s loadable segments (their pages take the segments' flags) and sets pc to
    /// its entry. Charges nothing: ``load(_:program:arguments:)`` charges the whole load, and
    /// CKB's exec v1 charges the segments and the stack separately.
    public func loadSegments(_ elf: ELFProgram, program: [UInt8]) throws(VMError) {
        for segment in elf.segments {
            var failure: VMError?
            program[segment.fileRange].withUnsafeBytes { source in
                do throws(VMError) {
                    try memory.initPages(segment.address, size: segment.size, flags: segment.flags,
                                         source: source, offset: segment.pad)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            invalidateDecoded(pages: Int(segment.address >> 12)..<Int((segment.address + segment.size) >> 12))
            if version == .v0 && segment.pad > 0 {
                // VM0 re-zeroes the padding through the checked store path, which fails
                // for executable segments whose address is not page aligned (RFC 0033 §1.5).
                try memory.store(segment.address, [UInt8](repeating: 0, count: Int(segment.pad)))
            }
        }
        pc = elf.entry
    }

    /// Builds argc/argv on the stack and sets sp (`spec/ckb.md` §2.4). Returns the bytes used;
    /// charges nothing.
    public func initializeStack(_ arguments: [[UInt8]]) throws(VMError) -> UInt64 {
        let bottom = Machine.stackTop - Machine.stackSize
        var sp = Machine.stackTop
        if version >= .v1 && arguments.isEmpty {
            sp = (Machine.stackTop - 8) & ~15
            setRegister(2, sp)
            return Machine.stackTop - sp
        }
        var pointers: [UInt64] = []
        for argument in arguments {
            let size = UInt64(argument.count) + 1
            guard sp >= bottom + size else { throw .memoryOutOfStack }
            sp -= size
            try memory.store(sp, argument + [0])
            pointers.append(sp)
        }
        var values = [UInt64(arguments.count)] + pointers
        if version >= .v1 {
            values.append(0)  // argv[argc] = NULL
            let unaligned = sp &- 8 * UInt64(values.count)
            sp -= unaligned - (unaligned & ~15)
        }
        for value in values.reversed() {
            guard sp >= bottom + 8 else { throw .memoryOutOfStack }
            sp -= 8
            if version == .v0 {
                // VM0 writes each 8-byte slot with a 32-bit store.
                try memory.store(sp, withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, Array.init))
            } else {
                try memory.store64(sp, value)
            }
        }
        guard sp >= bottom else { throw .memoryOutOfStack }
        setRegister(2, sp)
        return Machine.stackTop - sp
    }

    // MARK: Decoding

    /// Fetches and decodes the unfused instruction at `pc`: the halfword first (its page must
    /// be executable), then, for a 32-bit instruction, the next halfword (likewise).
    func decodeRaw(at pc: UInt64) throws(VMError) -> Instruction {
        let low = try fetch16(pc)
        var bits = UInt32(low)
        if !Decoder.isCompressed(low) {
            bits |= UInt32(try fetch16(pc &+ 2)) << 16
        }
        guard let instruction = Decoder.decode(bits, version: version) else {
            throw .invalidInstruction(pc: pc, instruction: bits)
        }
        return instruction
    }

    func fetch16(_ address: UInt64) throws(VMError) -> UInt16 {
        guard address <= UInt64(Memory.size) - 2 else { throw .memoryOutOfBound(pc: pc, address: address) }
        guard memory.flags[Int(address >> 12)] & Memory.executable != 0 else {
            throw .memoryWriteOnExecutablePage(pc: address, address: address)
        }
        return UInt16(littleEndian: memory.bytes.loadUnaligned(fromByteOffset: Int(address), as: UInt16.self))
    }

    /// Decodes (with fusion) the instruction at `pc` and caches it.
    func decodeAndCache(at pc: UInt64) throws(VMError) -> Instruction {
        let head = try decodeRaw(at: pc)
        let instruction = Decoder.fuse(head, at: pc, version: version) { address in
            try? self.decodeRaw(at: address)
        }
        decoded[Int(pc >> 1)] = instruction
        decodedPages[Int(pc >> 12)] = true
        return instruction
    }

    /// The instruction the machine executes at `pc` (decoded with fusion), for tools and tests.
    public func instruction(at pc: UInt64) throws(VMError) -> Instruction {
        try decodeAndCache(at: pc)
    }

    // MARK: Syscalls

    /// Runs ecall `number`. Returns `true` when the guest exited.
    func ecall() throws(VMError) -> Bool {
        let number = registers[17]
        if number == 93 {
            exitCode = Int8(truncatingIfNeeded: registers[10])
            return true
        }
        var handled = try syscalls?.ecall(number, machine: self) ?? false
        if !handled {
            handled = try builtinEcall(number)
        }
        guard handled else { throw .invalidEcall(pc: pc, number: number) }
        if cycles > maxCycles { throw .cyclesExceeded(limit: maxCycles) }
        return false
    }

    func builtinEcall(_ number: UInt64) throws(VMError) -> Bool {
        switch number {
        case 2177:  // debug: a C string at a0
            var address = registers[10]
            var bytes: [UInt8] = []
            while true {
                let byte = try memory.load8(address)
                if byte == 0 { break }
                bytes.append(byte)
                address &+= 1
            }
            // CKB charges the bytes before it checks the text (ckb `debugger.rs`).
            try addCycles((UInt64(bytes.count) + 3) / 4)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .external("debug: the string at 0x\(String(registers[10], radix: 16)) is not valid UTF-8")
            }
            debugOutput(text)
            return true
        case 2041 where version >= .v1:  // vm_version
            registers[10] = UInt64(version.rawValue)
            return true
        case 2042 where version >= .v1:  // current_cycles
            registers[10] = cycleBase &+ cycles
            return true
        default:
            return false
        }
    }
}
