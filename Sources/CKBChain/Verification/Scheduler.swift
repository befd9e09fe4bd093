import CKBHash
import CKBVM

/// Runs one script group's VMs as CKB's scheduler does (ckb `script/src/scheduler.rs`;
/// `spec/ckb.md` §3): the root VM, and in VM2 the processes it spawns, their pipes and waits.
///
/// Only one VM runs at a time: always the runnable one with the largest id, until it exits or
/// makes a spawn-family syscall (which charges its cycles, queues a message and yields). After
/// each run the scheduler moves the VM's cycles into the total, processes the messages, and at
/// the start of the next iteration pairs pending reads with pending writes.
///
/// Cycle accounting follows CKB exactly, including the costs that come from CKB keeping at most
/// four VMs instantiated: every suspension and every resumption of a VM costs 100,000 cycles.
/// This implementation keeps every machine in memory (at most 17 × 4 MiB) and only tracks which
/// ones CKB would have instantiated, so the cycles match without taking snapshots.
final class Scheduler {
    typealias VMID = UInt64

    static let rootID: VMID = 0
    /// Live VMs beyond which spawn fails with MAX_VMS_SPAWNED (the check is `count > 16`).
    static let maxVMs = 16
    static let maxInstantiated = 4
    static let maxFDs = 64
    static let firstFDSlot: UInt64 = 2
    /// SPAWN_EXTRA_CYCLES_BASE: a spawn, and every VM suspension or resumption.
    static let spawnExtraCycles: UInt64 = 100_000
    /// SPAWN_YIELD_CYCLES_BASE: every yielding syscall.
    static let yieldCycles: UInt64 = 800

    // Return codes (ckb `syscalls/mod.rs`).
    static let waitFailure: UInt64 = 5
    static let invalidFD: UInt64 = 6
    static let otherEndClosed: UInt64 = 7
    static let maxVMsSpawned: UInt64 = 8
    static let maxFDsCreated: UInt64 = 9

    struct ReadState {
        let fd: UInt64, length: UInt64, buffer: UInt64, lengthAddress: UInt64
    }

    struct WriteState {
        let fd: UInt64
        var consumed: UInt64
        let length: UInt64, buffer: UInt64, lengthAddress: UInt64
    }

    enum State {
        case runnable
        case wait(target: VMID, exitCodeAddress: UInt64)
        case read(ReadState)
        case write(WriteState)
    }

    struct SpawnRequest {
        let program: [UInt8]
        let argc: UInt64, argv: UInt64
        let fds: [UInt64]
        let processIDAddress: UInt64
    }

    enum Message {
        case spawn(VMID, SpawnRequest)
        case wait(VMID, target: VMID, exitCodeAddress: UInt64)
        case pipe(VMID, address: UInt64)
        case read(VMID, ReadState)
        case write(VMID, WriteState)
        case inheritedFDs(VMID, buffer: UInt64, lengthAddress: UInt64)
        case close(VMID, fd: UInt64)
    }

    /// A VM and the syscall handler it holds weakly.
    struct Process {
        let machine: Machine
        let syscalls: ScriptSyscalls
    }

    let tx: ResolvedTransaction
    let group: ScriptGroup
    let version: VMVersion
    let txHash: Byte32
    let txMolecule: [UInt8]
    let debug: ((String) -> Void)?

    /// Cycles of finished iterations.
    private(set) var totalCycles: UInt64 = 0
    /// Cycles of the current iteration outside any machine (suspensions, resumptions).
    private var iterationCycles: UInt64 = 0
    private var nextID: VMID = rootID
    private var nextFDSlot = firstFDSlot
    private var processes: [VMID: Process] = [:]
    private var states: [VMID: State] = [:]
    /// fd → the VM that owns it.
    private var fds: [UInt64: VMID] = [:]
    private var inheritedFDs: [VMID: [UInt64]] = [:]
    /// The VMs CKB would hold instantiated (the others it would hold as snapshots).
    private var instantiated: Set<VMID> = []
    private var terminated: [VMID: Int8] = [:]
    private var messages: [Message] = []
    /// The VM the last run used, for reporting where a failure happened.
    private(set) var lastRun: VMID = rootID

    init(tx: ResolvedTransaction, group: ScriptGroup, version: VMVersion, txHash: Byte32, txMolecule: [UInt8],
         debug: ((String) -> Void)?) {
        self.tx = tx
        self.group = group
        self.version = version
        self.txHash = txHash
        self.txMolecule = txMolecule
        self.debug = debug
    }

    /// Cycles consumed so far: finished iterations plus the running machine's count (nil when no
    /// VM has been booted).
    var consumedCycles: UInt64 {
        totalCycles &+ iterationCycles &+ (processes[lastRun]?.machine.cycles ?? 0)
    }

    /// Runs `program` as the root VM until it exits; returns its exit code and the cycles used.
    func run(program: [UInt8], maxCycles: UInt64) throws(VMError) -> (exitCode: Int8, cycles: UInt64) {
        _ = try boot(program: program) { [] }
        var limit = maxCycles
        while true {
            precondition(iterationCycles == 0)
            var failure: VMError?
            var rootExit: Int8?
            do {
                rootExit = try iterate(limit: limit)
            } catch {
                failure = error
            }
            let (total, overflow) = totalCycles.addingReportingOverflow(iterationCycles)
            if overflow { throw .cyclesExceeded(limit: maxCycles) }
            totalCycles = total
            guard limit >= iterationCycles else {
                iterationCycles = 0
                throw .cyclesExceeded(limit: maxCycles)
            }
            limit -= iterationCycles
            iterationCycles = 0
            if let failure {
                if case .cyclesExceeded = failure { throw .cyclesExceeded(limit: maxCycles) }
                throw failure
            }
            if let rootExit { return (rootExit, totalCycles) }
        }
    }

    /// One iteration: IO, run the largest runnable VM, process its messages. Returns the root's
    /// exit code once it exits.
    private func iterate(limit: UInt64) throws(VMError) -> Int8? {
        try processIO()
        guard let id = states.keys.filter({ if case .runnable = states[$0]! { true } else { false } }).max() else {
            throw .unexpected("A deadlock situation has been reached: every VM is waiting")
        }
        try ensureInstantiated([id])
        let machine = processes[id]!.machine
        lastRun = id
        machine.maxCycles = limit
        machine.cycleBase = totalCycles
        var exitCode: Int8?
        var failure: VMError?
        do {
            exitCode = try machine.run()
        } catch .yielded {
        } catch {
            failure = error
        }
        let (sum, overflow) = iterationCycles.addingReportingOverflow(machine.takeCycles())
        if overflow { throw .cyclesExceeded(limit: limit) }
        iterationCycles = sum
        if let failure { throw failure }
        try processMessages()
        guard let code = exitCode else { return nil }
        if id == Self.rootID { return code }
        terminated[id] = code
        for (waiter, state) in states.sorted(by: { $0.key < $1.key }) {
            guard case .wait(let target, let address) = state, target == id else { continue }
            let m = try instantiatedMachine(waiter)
            try m.memory.store(address, [UInt8(bitPattern: code)])
            m.setRegister(10, ScriptSyscalls.success)
            states[waiter] = .runnable
        }
        fds = fds.filter { $0.value != id }
        states[id] = nil
        processes[id] = nil
        instantiated.remove(id)
        return nil
    }

    // MARK: VMs

    /// Boots a new VM with `program` and `arguments`; it starts runnable and instantiated.
    private func boot(program: [UInt8], arguments: () throws(VMError) -> [[UInt8]]) throws(VMError) -> VMID {
        let id = nextID
        nextID += 1
        let machine = Machine(version: version, maxCycles: .max)
        let syscalls = ScriptSyscalls(tx: tx, group: group, version: version, txHash: txHash, txMolecule: txMolecule)
        syscalls.scheduler = self
        syscalls.processID = id
        machine.syscalls = syscalls
        let debug = self.debug
        machine.debugOutput = { line in debug?(line) }
        let elf: ELFProgram
        do {
            elf = try ELFProgram(parsing: program, version: version)
        } catch {
            throw .elf(error)
        }
        try machine.load(elf, program: program, arguments: try arguments())
        while instantiated.count >= Self.maxInstantiated {
            try suspend(instantiated.min()!)
        }
        processes[id] = Process(machine: machine, syscalls: syscalls)
        instantiated.insert(id)
        states[id] = .runnable
        return id
    }

    private func suspend(_ id: VMID) throws(VMError) {
        try charge(Self.spawnExtraCycles)
        instantiated.remove(id)
    }

    private func resume(_ id: VMID) throws(VMError) {
        try charge(Self.spawnExtraCycles)
        instantiated.insert(id)
    }

    private func charge(_ cycles: UInt64) throws(VMError) {
        let (sum, overflow) = iterationCycles.addingReportingOverflow(cycles)
        if overflow { throw .cyclesOverflow }
        iterationCycles = sum
    }

    /// CKB `ensure_vms_instantiated`: resume the missing ones (last first) while there is room,
    /// then swap out the lowest-numbered VMs not in `ids`.
    private func ensureInstantiated(_ ids: [VMID]) throws(VMError) {
        var missing = ids.filter { !instantiated.contains($0) }
        while !missing.isEmpty, instantiated.count < Self.maxInstantiated {
            try resume(missing.removeLast())
        }
        guard !missing.isEmpty else { return }
        let suspendable = instantiated.sorted().filter { !ids.contains($0) }
        for (i, id) in missing.enumerated() {
            try suspend(suspendable[i])
            try resume(id)
        }
    }

    private func instantiatedMachine(_ id: VMID) throws(VMError) -> Machine {
        try ensureInstantiated([id])
        return processes[id]!.machine
    }

    // MARK: Messages

    func post(_ message: Message) { messages.append(message) }

    private func processMessages() throws(VMError) {
        let pending = messages
        messages = []
        for message in pending {
            switch message {
            case .spawn(let id, let request):
                if request.fds.contains(where: { fds[$0] != id }) {
                    try instantiatedMachine(id).setRegister(10, Self.invalidFD)
                    continue
                }
                if processes.count > Self.maxVMs {
                    try instantiatedMachine(id).setRegister(10, Self.maxVMsSpawned)
                    continue
                }
                // ckb `load_vm_program`: the ELF is parsed before argv is read from the parent.
                let child = try boot(program: request.program) { () throws(VMError) in
                    try ScriptSyscalls.arguments(try instantiatedMachine(id), argc: request.argc, argv: request.argv, limit: .stack)
                }
                for fd in request.fds { fds[fd] = child }
                inheritedFDs[child] = request.fds
                let m = try instantiatedMachine(id)
                try m.memory.store64(request.processIDAddress, child)
                m.setRegister(10, ScriptSyscalls.success)
            case .wait(let id, let target, let address):
                if let code = terminated[target] {
                    let m = try instantiatedMachine(id)
                    try m.memory.store(address, [UInt8(bitPattern: code)])
                    m.setRegister(10, ScriptSyscalls.success)
                    states[id] = .runnable
                    terminated[target] = nil
                    continue
                }
                guard states[target] != nil else {
                    try instantiatedMachine(id).setRegister(10, Self.waitFailure)
                    continue
                }
                states[id] = .wait(target: target, exitCodeAddress: address)
            case .pipe(let id, let address):
                if fds.count >= Self.maxFDs {
                    try instantiatedMachine(id).setRegister(10, Self.maxFDsCreated)
                    continue
                }
                let readFD = nextFDSlot, writeFD = nextFDSlot + 1
                nextFDSlot += 2
                fds[readFD] = id
                fds[writeFD] = id
                let m = try instantiatedMachine(id)
                try m.memory.store64(address, readFD)
                try m.memory.store64(address &+ 8, writeFD)
                m.setRegister(10, ScriptSyscalls.success)
            case .read(let id, let read):
                if let code = checkIO(id, fd: read.fd) {
                    try instantiatedMachine(id).setRegister(10, code)
                    continue
                }
                states[id] = .read(read)
            case .write(let id, let write):
                if let code = checkIO(id, fd: write.fd) {
                    try instantiatedMachine(id).setRegister(10, code)
                    continue
                }
                states[id] = .write(write)
            case .inheritedFDs(let id, let buffer, let lengthAddress):
                let inherited = id == Self.rootID ? [] : inheritedFDs[id] ?? []
                let m = try instantiatedMachine(id)
                let capacity = try m.memory.load64(lengthAddress)
                for i in 0..<min(capacity, UInt64(inherited.count)) {
                    let (address, overflow) = buffer.addingReportingOverflow(i * 8)
                    if overflow { throw .memoryOutOfBound(pc: m.pc, address: buffer) }
                    try m.memory.store64(address, inherited[Int(i)])
                }
                try m.memory.store64(lengthAddress, UInt64(inherited.count))
                m.setRegister(10, ScriptSyscalls.success)
            case .close(let id, let fd):
                if fds[fd] != id {
                    try instantiatedMachine(id).setRegister(10, Self.invalidFD)
                } else {
                    fds[fd] = nil
                    try instantiatedMachine(id).setRegister(10, ScriptSyscalls.success)
                }
            }
        }
    }

    /// INVALID_FD when `id` does not own `fd`, OTHER_END_CLOSED when nobody owns its other end.
    private func checkIO(_ id: VMID, fd: UInt64) -> UInt64? {
        if fds[fd] != id { return Self.invalidFD }
        if fds[fd ^ 1] == nil { return Self.otherEndClosed }
        return nil
    }

    /// CKB `process_io`: finish reads and writes whose other end is closed, then move data from
    /// each pending write to the pending read on its other end.
    private func processIO() throws(VMError) {
        var reads: [UInt64: (VMID, ReadState)] = [:]
        var closed: [VMID] = []
        let ordered = states.sorted { $0.key < $1.key }
        for (id, state) in ordered {
            guard case .read(let read) = state else { continue }
            if fds[read.fd ^ 1] != nil { reads[read.fd] = (id, read) } else { closed.append(id) }
        }
        var pairs: [(VMID, ReadState, VMID, WriteState)] = []
        for (id, state) in ordered {
            guard case .write(let write) = state else { continue }
            if fds[write.fd ^ 1] != nil {
                if let (reader, read) = reads[write.fd ^ 1] { pairs.append((reader, read, id, write)) }
            } else {
                closed.append(id)
            }
        }
        for id in closed {
            switch states[id] {
            case .read(let read)?:
                let m = try instantiatedMachine(id)
                try m.memory.store64(read.lengthAddress, 0)
                m.setRegister(10, ScriptSyscalls.success)
                states[id] = .runnable
            case .write(let write)?:
                let m = try instantiatedMachine(id)
                try m.memory.store64(write.lengthAddress, write.consumed)
                m.setRegister(10, ScriptSyscalls.success)
                states[id] = .runnable
            default:
                break
            }
        }
        for (reader, read, writer, pending) in pairs {
            var write = pending
            try ensureInstantiated([reader, writer])
            let copiable = min(read.length, write.length - write.consumed)
            let cost = (copiable + 3) / 4
            let writeMachine = processes[writer]!.machine, readMachine = processes[reader]!.machine
            try writeMachine.addCycles(cost)
            guard copiable <= UInt64(Memory.size) else { throw .memoryOutOfBound(pc: writeMachine.pc, address: write.buffer) }
            // Empty transfers touch no memory (ckb-vm's load_bytes and store_bytes return early).
            let data = copiable == 0 ? [] : try writeMachine.memory.load(write.buffer &+ write.consumed, count: Int(copiable))
            try readMachine.addCycles(cost)
            if !data.isEmpty { try readMachine.memory.store(read.buffer, data) }
            try readMachine.memory.store64(read.lengthAddress, copiable)
            readMachine.setRegister(10, ScriptSyscalls.success)
            states[reader] = .runnable
            write.consumed += copiable
            if write.consumed == write.length {
                try writeMachine.memory.store64(write.lengthAddress, write.length)
                writeMachine.setRegister(10, ScriptSyscalls.success)
                states[writer] = .runnable
            } else {
                states[writer] = .write(write)
            }
        }
    }
}
