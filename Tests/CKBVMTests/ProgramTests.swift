import CKBTestSupport
import CKBVM
import Foundation
import Testing

/// Runs a committed guest program (Tests/CKBVMTests/Programs/build).
func program(_ name: String) throws -> [UInt8] {
    let url = TestPaths.projectRoot.appendingPathComponent("Tests/CKBVMTests/Programs/build/\(name).elf")
    return Array(try Data(contentsOf: url))
}

struct Outcome: Equatable, CustomStringConvertible {
    var exitCode: Int8?
    var error: String?
    var cycles: UInt64
    var description: String { "exit \(exitCode.map(String.init) ?? "-") error \(error ?? "-") cycles \(cycles)" }
}

@discardableResult
func run(_ name: String, _ version: VMVersion, arguments: [String] = [], maxCycles: UInt64 = 70_000_000,
         inspect: (Machine) -> Void = { _ in }) throws -> Outcome {
    let machine = Machine(version: version, maxCycles: maxCycles)
    machine.debugOutput = { _ in }
    var outcome = Outcome(cycles: 0)
    do {
        try machine.load(program: try program(name), arguments: arguments.map { Array($0.utf8) })
        outcome.exitCode = try machine.run()
    } catch let error as VMError {
        outcome.error = error.kind
    }
    outcome.cycles = machine.cycles
    inspect(machine)
    return outcome
}

/// Loading cost: ceil((Σ p_filesz + stack bytes) / 4); stack bytes without arguments are 8 in
/// VM0 and 16 from VM1. p_filesz values are from `llvm-readelf -l` of the committed ELFs.
func loadCost(filesz: UInt64, _ version: VMVersion) -> UInt64 {
    (filesz + (version == .v0 ? 8 : 16) + 3) / 4
}

/// Every expected cycle count below is worked out by hand from the cost model; the programs'
/// sources carry the per-instruction breakdown.
@Suite struct ProgramTests {
    @Test(arguments: VMVersion.allCases)
    func exit0(version: VMVersion) throws {
        // p_filesz 10; instructions c.li 1 + addi 1 + ecall 500.
        #expect(try run("exit0", version) == Outcome(exitCode: 0, cycles: loadCost(filesz: 10, version) + 502))
    }

    @Test(arguments: VMVersion.allCases)
    func everyCostClass(version: VMVersion) throws {
        // p_filesz 116; 1,120 instruction cycles (costs.S).
        #expect(try run("costs", version) == Outcome(exitCode: 0, cycles: loadCost(filesz: 116, version) + 1120))
    }

    @Test func fusionCyclesPerVersion() throws {
        // p_filesz 168; the per-block table is in fusion.S.
        #expect(try run("fusion", .v0) == Outcome(exitCode: 0, cycles: loadCost(filesz: 168, .v0) + 610))
        #expect(try run("fusion", .v1) == Outcome(exitCode: 0, cycles: loadCost(filesz: 168, .v1) + 565))
        #expect(try run("fusion", .v2) == Outcome(exitCode: 0, cycles: loadCost(filesz: 168, .v2) + 560))
    }

    /// Fused sequences leave exactly the registers the plain instructions would.
    @Test(arguments: VMVersion.allCases)
    func fusionResultsMatchPlainExecution(version: VMVersion) throws {
        let s0 = 8, s1 = 9, s2 = 18, s3 = 19, s4 = 20, s5 = 21, s6 = 22, s7 = 23, s8 = 24
        let a1 = 11, a2 = 12, a3 = 13, a4 = 14, a5 = 15, a6 = 16
        let t0 = 5, t1 = 6, t2 = 7, t3 = 28, t4 = 29, t5 = 30
        try run("fusion", version) { m in
            // ADC on (2^64-1, 3, 7): s0 = 9, carry s1 = 1, s2 = 0.
            #expect((m.register(s0), m.register(s1), m.register(s2)) == (9, 1, 0))
            // SBB on y = 100, x = 9, z = 11: s3 = 80, s4 = 0, s5 = 0, s6 = 0.
            #expect((m.register(s3), m.register(s4), m.register(s5), m.register(s6)) == (80, 0, 0, 0))
            #expect((m.register(a1), m.register(a2)) == (0, 720))        // mulhu/mul 80 * 9
            #expect((m.register(a3), m.register(a4)) == (UInt64.max, 80)) // divu/remu by zero
            #expect(m.register(a5) == 0x1234_5678)
            #expect((m.register(t0), m.register(t1)) == (0x1234_5681, 0))
            #expect((m.register(t2), m.register(t3)) == (80 &- 0x1234_5678, 1))
            #expect((m.register(t4), m.register(t5), m.register(a6)) == (0x1234_5678, 0, 0))
            // FAR_JUMP_REL: VM1+ land on `addi s7` (ra = the address after the jalr);
            // VM0's jalr writes ra first and lands on the ecall, skipping both addi.
            let expected: (UInt64, UInt64) = version == .v0 ? (0, 0) : (1, 2)
            #expect((m.register(s7), m.register(s8)) == expected)
        }
    }

    @Test func compressedHint() throws {
        // cadd_hint_lock: c.add zero, a0 is invalid in VM0 and a no-op after; p_filesz 12.
        #expect(try run("hint", .v0).error == "InvalidInstruction")
        #expect(try run("hint", .v1) == Outcome(exitCode: 0, cycles: loadCost(filesz: 12, .v1) + 503))
        #expect(try run("hint", .v2) == Outcome(exitCode: 0, cycles: loadCost(filesz: 12, .v2) + 503))
    }

    @Test func bitManipulationNeedsVM1() throws {
        // p_filesz 36; lui+addiw fuse twice: 1 + 1 + 1 + 1 + 1 + 1 + 500.
        #expect(try run("cpop", .v0).error == "InvalidInstruction")
        #expect(try run("cpop", .v1) == Outcome(exitCode: 13, cycles: loadCost(filesz: 36, .v1) + 506))
        #expect(try run("cpop", .v2) == Outcome(exitCode: 13, cycles: loadCost(filesz: 36, .v2) + 506))
    }

    @Test func loadEndingAtTheEndOfMemory() throws {
        // VM0 cannot read the last bytes of memory (RFC 0033 "load" fix).
        let v0 = try run("loadend", .v0)
        #expect(v0.error == "MemOutOfBound")
        // Loading (16 bytes: ceil(24/4) = 6) + lui 1 + the failing ld 2 charged before it ran.
        #expect(v0.cycles == 6 + 1 + 2)
        #expect(try run("loadend", .v1) == Outcome(exitCode: 0, cycles: loadCost(filesz: 16, .v1) + 504))
    }

    @Test func builtinSyscalls() throws {
        var lines: [String] = []
        let machine = Machine(version: .v2)
        machine.debugOutput = { lines.append($0) }
        try machine.load(program: try program("syscalls"))
        #expect(try machine.run() == 7)
        #expect(lines == ["ckbcrypto vm"])
        #expect(machine.register(8) == 2)  // vm_version
        // current_cycles counts everything up to and including its own ecall: loading
        // ceil((56 + 13 + 16) / 4) = 22, la 1 (fused in VM2), lui+addi 2, ecall 500,
        // debug ceil(12/4) = 3, li 1, ecall 500, mv 1, li 1, ecall 500.
        #expect(machine.register(9) == 22 + 1 + 2 + 500 + 3 + 1 + 500 + 1 + 1 + 500)
        #expect(machine.cycles == 22 + 2012)
        // VM1: la is not fused; VM0: vm_version does not exist.
        #expect(try run("syscalls", .v1).cycles == 22 + 2013)
        #expect(try run("syscalls", .v0).error == "InvalidEcall")
    }

    @Test(arguments: VMVersion.allCases)
    func writeXorExecute(version: VMVersion) throws {
        #expect(try run("store_code", version).error == "MemWriteOnExecutablePage")
        #expect(try run("jump_data", version).error == "MemWriteOnExecutablePage")
    }

    @Test func cycleLimitIsCheckedBeforeEachInstruction() throws {
        // spin: loading ceil((4 + 16) / 4) = 5, then 3 cycles per jump. With a limit of 1,000 the
        // 331st jump ends at 998 and the next would pass the limit.
        #expect(try run("spin", .v2, maxCycles: 1000) == Outcome(error: "CyclesExceeded", cycles: 998))
        // Ending exactly at the limit is allowed.
        #expect(try run("exit0", .v2, maxCycles: 509) == Outcome(exitCode: 0, cycles: 509))
        #expect(try run("exit0", .v2, maxCycles: 508).error == "CyclesExceeded")
    }

    @Test func argumentsOnTheStack() throws {
        #expect(try run("args", .v2, arguments: ["hello", "world", "abc"]).exitCode == 3 * 16 + 3)
        #expect(try run("args", .v1, arguments: ["a", "bb"]).exitCode == 34)
        #expect(try run("args", .v2, arguments: []).exitCode == 0)
        // VM0 places the first argument's NUL in the last byte of memory, which VM0 cannot load.
        #expect(try run("args", .v0, arguments: ["a", "bb"]).error == "MemOutOfBound")
        // Stack bytes with arguments: strings "a\0" "bb\0" (5), [argc, argv0, argv1, NULL] (32),
        // aligned down to 16: 0x400000 - 5 = 0x3ffffb; u = 0x3ffffb - 32 = 0x3fffdb; sp = 0x3fffd0.
        let machine = Machine(version: .v2)
        let cost = try machine.load(program: try program("args"), arguments: [Array("a".utf8), Array("bb".utf8)])
        #expect(machine.register(2) == 0x3F_FFD0)
        #expect(cost == (88 + 0x30 + 3) / 4)
        #expect(try machine.memory.load64(0x3F_FFD0) == 2)
        #expect(try machine.memory.load64(0x3F_FFD8) == 0x3F_FFFE)
        #expect(try machine.memory.load64(0x3F_FFE0) == 0x3F_FFFB)
        #expect(try machine.memory.load64(0x3F_FFE8) == 0)
    }

    @Test func tooManyArgumentsOverflowTheStack() throws {
        let machine = Machine(version: .v2)
        let big = [UInt8](repeating: 0x41, count: 600_000)
        #expect(throws: VMError.memoryOutOfStack) {
            try machine.load(program: try program("args"), arguments: [big, big])
        }
    }

    @Test func blake2bGuestMatchesReference() throws {
        // 16 KiB keeps the test quick; the digest is checked against Python hashlib (ckb hash of
        // bytes (7 + 31 i) mod 256): first byte 0xc1.
        let machine = Machine(version: .v2)
        try machine.load(program: try program("blake2b"), arguments: [Array("blake2b".utf8), Array("16".utf8)])
        #expect(try machine.run() == Int8(bitPattern: 0xC1))
    }
}
