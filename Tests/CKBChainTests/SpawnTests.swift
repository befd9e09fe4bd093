import CKBChain
import CKBVM
import Testing

/// The VM2 spawn family and CKB's scheduler (`spec/ckb.md` §3.8): verdicts and cycles worked out
/// by hand in the guest programs' comments.
@Suite struct SpawnTests {
    /// What loading `program` with `arguments` costs in VM2 (the loader's own formula, tested in
    /// CKBVMTests).
    func load(_ program: [UInt8], _ arguments: [[UInt8]]) throws -> UInt64 {
        try Machine(version: .v2).load(program: program, arguments: arguments)
    }

    func run(_ name: String, hashType: ScriptHashType = .data2) -> VerificationResult {
        var b = TxBuilder()
        let lock = b.code(guest(name), hashType: hashType)  // cell dep 0
        b.input(lock: lock)
        b.output(lock: lock)
        return TransactionVerifier().verify(b.resolved)
    }

    /// chain_spawn.S (p_filesz 164): the root spawns itself, the child exits 3, the root waits.
    @Test func spawnThenWait() throws {
        let result = run("chain_spawn")
        #expect(result.groups.first?.exitCode == 0, "\(result.groups.first?.error ?? "")")
        let child = try load(guest("chain_spawn"), [[0x78]])
        #expect(result.cycles == loading(164, 2) + 530 + 100_800 + child + 507 + 508 + 800 + 512)
    }

    /// chain_spawn_many.S (p_filesz 172): 16 children succeed, the 17th spawn fails with
    /// MAX_VMS_SPAWNED; 13 of the spawns cost 300,000 cycles of suspensions and resumptions.
    @Test func spawnLimitAndSuspensionCosts() throws {
        let result = run("chain_spawn_many")
        #expect(result.groups.first?.exitCode == 0, "\(result.groups.first?.error ?? "")")
        let child = try load(guest("chain_spawn_many"), [[0x78]])
        let root = loading(172, 2) + 24 + 16 * (514 + 100_800) + 510 + 100_800 + 509
        #expect(result.cycles == root + 16 * (child + 509 + 800) + 13 * 300_000)
    }

    /// chain_pipes.c: pipes both ways between a root and its child, inherited fds, process ids,
    /// wait, close, and the error codes (WAIT_FAILURE, INVALID_FD, OTHER_END_CLOSED).
    @Test func pipesBetweenProcesses() {
        let result = run("chain_pipes")
        let group = result.groups.first
        #expect(group?.exitCode == 0, "check \(group?.exitCode.map(String.init) ?? "-") failed: \(group?.error ?? "")")
    }

    /// A root and a child waiting for each other: no VM can run, the script fails.
    @Test func deadlockFails() {
        let result = run("chain_spawn_deadlock")
        #expect(result.groups.first?.error?.contains("deadlock") == true, "\(result.groups.first?.error ?? "ok")")
    }

    /// The cycle limit covers every VM: chain_spawn needs a little over 100,800 + 2 x 500.
    @Test func cycleLimitCoversChildren() {
        var b = TxBuilder()
        let lock = b.code(guest("chain_spawn"), hashType: .data2)
        b.input(lock: lock)
        b.output(lock: lock)
        var verifier = TransactionVerifier()
        let needed = verifier.verify(b.resolved).cycles
        verifier.maxCycles = needed
        #expect(verifier.verify(b.resolved).groups.first?.ok == true)
        verifier.maxCycles = needed - 1
        #expect(verifier.verify(b.resolved).groups.first?.error?.hasPrefix("CyclesExceeded") == true)
        verifier.maxCycles = 100_000  // less than the spawn itself
        #expect(verifier.verify(b.resolved).groups.first?.error?.hasPrefix("CyclesExceeded") == true)
    }

    /// Before VM2 the spawn numbers are unknown syscalls.
    @Test func spawnNeedsVM2() {
        let result = run("chain_spawn", hashType: .data1)
        #expect(result.groups.first?.error?.hasPrefix("InvalidEcall") == true)
    }
}
