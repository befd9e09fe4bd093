import CKBVM
import Testing

/// Instruction semantics at the edges, one instruction at a time, against the RISC-V
/// specification's tables (and CKB-VM where the two could be read differently).
@Suite struct SemanticsTests {
    /// Runs `words` (32-bit instructions) with the given initial registers, then `ecall` exit,
    /// and returns the machine.
    static func execute(_ words: [UInt32], registers: [Int: UInt64] = [:], version: VMVersion = .v2) throws -> Machine {
        var text: [UInt8] = []
        for word in words + [0x05D0_0893, 0x0000_0073] {  // li a7, 93; ecall
            withUnsafeBytes(of: word.littleEndian) { text.append(contentsOf: $0) }
        }
        let machine = Machine(version: version)
        try machine.load(program: TinyELF.make(text: text))
        for (index, value) in registers { machine.setRegister(index, value) }
        _ = try machine.run()
        return machine
    }

    static func r(_ f7: UInt32, _ f3: UInt32, _ opcode: UInt32, rd: UInt32 = 10, rs1: UInt32 = 11, rs2: UInt32 = 12) -> UInt32 {
        f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opcode
    }

    /// (funct7, funct3, opcode, a, b, expected): the RISC-V Volume I §13.2 division table and more.
    static let registerCases: [(UInt32, UInt32, UInt32, UInt64, UInt64, UInt64)] = [
        (1, 4, 0x33, 7, 0, UInt64.max),                                                          // div x/0 = -1
        (1, 5, 0x33, 7, 0, UInt64.max),                                                          // divu x/0 = 2^64-1
        (1, 6, 0x33, 7, 0, 7),                                                                   // rem x%0 = x
        (1, 7, 0x33, 7, 0, 7),                                                                   // remu x%0 = x
        (1, 4, 0x33, UInt64(1) << 63, UInt64.max, UInt64(1) << 63),                              // div overflow
        (1, 6, 0x33, UInt64(1) << 63, UInt64.max, 0),                                            // rem overflow
        (1, 4, 0x3B, 0x8000_0000, UInt64.max, 0xFFFF_FFFF_8000_0000),                            // divw overflow
        (1, 6, 0x3B, 0x8000_0000, UInt64.max, 0),                                                // remw overflow
        (1, 5, 0x3B, 5, 0, UInt64.max),                                                          // divuw /0: all ones
        (1, 7, 0x3B, 0xFFFF_FFFF, 0, UInt64.max),                                                // remuw %0: sext(dividend)
        (1, 2, 0x33, UInt64.max, 2, UInt64.max),                                                 // mulhsu(-1, 2) = -1
        (1, 1, 0x33, UInt64(1) << 63, UInt64(1) << 63, UInt64(1) << 62),                        // mulh
        (0, 1, 0x33, 1, 64 + 3, 8),                                                              // sll uses rs2 & 63
        (0, 1, 0x3B, 1, 32 + 31, 0xFFFF_FFFF_8000_0000),                                         // sllw: & 31, sign-extends
        (0x20, 5, 0x3B, 0x8000_0000, 31, UInt64.max),                                            // sraw
    ]

    @Test(arguments: registerCases)
    func registerRegister(f7: UInt32, f3: UInt32, opcode: UInt32, a: UInt64, b: UInt64, expected: UInt64) throws {
        let machine = try Self.execute([Self.r(f7, f3, opcode)], registers: [11: a, 12: b])
        #expect(machine.register(10) == expected)
    }

    @Test func ctzwOfAZeroLowWordIs32() throws {
        // ctzw a0, a1 with a1 = 1 << 63: CKB-VM computes ctz(a1 | 0xFFFF_FFFF_0000_0000) = 32.
        // (qemu 7.2 returns 63 here, which is why the differential generator leaves ctzw out.)
        let ctzw: UInt32 = 0x601 << 20 | 11 << 15 | 1 << 12 | 10 << 7 | 0x1B
        #expect(try Self.execute([ctzw], registers: [11: 1 << 63]).register(10) == 32)
        #expect(try Self.execute([ctzw], registers: [11: 0]).register(10) == 32)
        #expect(try Self.execute([ctzw], registers: [11: 0x10]).register(10) == 4)
        let clzw: UInt32 = 0x600 << 20 | 11 << 15 | 1 << 12 | 10 << 7 | 0x1B
        #expect(try Self.execute([clzw], registers: [11: 1 << 63]).register(10) == 32)
    }

    @Test func writesToX0AreDiscarded() throws {
        // add x0, a1, a2 then add a0, x0, x0
        let machine = try Self.execute([Self.r(0, 0, 0x33, rd: 0), Self.r(0, 0, 0x33, rd: 10, rs1: 0, rs2: 0)],
                                       registers: [11: 5, 12: 6, 10: 99])
        #expect(machine.register(10) == 0)
        #expect(machine.register(0) == 0)
    }

    @Test func jalrClearsBitZero() throws {
        // auipc t0, 0; addi t0, t0, 13 (odd: the jalr target is t0 & ~1 = +12); jalr zero, 0(t0);
        // +12: li a0, 5 (the jumped-to instruction), then the exit.
        let words: [UInt32] = [0x0000_0297, 0x00D2_8293, 0x0002_8067, 0x0050_0513]
        #expect(try Self.execute(words).register(10) == 5)
    }
}

/// A minimal ELF64 with one executable segment at 0x10000.
enum TinyELF {
    static func make(text: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 0x1000)
        func put(_ value: UInt64, _ offset: Int, _ size: Int) {
            for i in 0..<size { out[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        }
        out.replaceSubrange(0..<7, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1])
        put(2, 16, 2); put(243, 18, 2); put(1, 20, 4); put(0x10000, 24, 8); put(64, 32, 8)
        put(64, 52, 2); put(56, 54, 2); put(1, 56, 2)
        put(1, 64, 4); put(5, 68, 4); put(0x1000, 72, 8); put(0x10000, 80, 8); put(0x10000, 88, 8)
        put(UInt64(text.count), 96, 8); put(UInt64(text.count), 104, 8); put(0x1000, 112, 8)
        return out + text
    }
}

/// Accesses that straddle a page boundary, and stores that reach an executable page.
@Suite struct PageBoundaryTests {
    /// `li t0, address; ld a0, 0(t0)` or `sd a1, 0(t0)`, then exit. The program's own code is
    /// the one executable page, 0x10000...0x10FFF.
    static func access(_ address: Int32, store: Bool) throws -> Result<Machine, VMError> {
        let hi = (address &+ 0x800) >> 12, lo = address &- (hi << 12)
        let lui: UInt32 = UInt32(bitPattern: hi << 12) | 5 << 7 | 0x37
        let addi: UInt32 = UInt32(bitPattern: (lo & 0xFFF) << 20) | 5 << 15 | 5 << 7 | 0x13
        let access: UInt32 = store ? (11 << 20 | 5 << 15 | 3 << 12 | 0x23) : (5 << 15 | 3 << 12 | 10 << 7 | 0x03)
        do {
            return .success(try SemanticsTests.execute([lui, addi, access], registers: [11: 0x1122_3344_5566_7788]))
        } catch let error as VMError {
            return .failure(error)
        }
    }

    @Test func misalignedAccessAcrossTwoWritablePages() throws {
        let machine = try Self.access(0x20FFC, store: true).get()
        #expect(try machine.memory.load64(0x20FFC) == 0x1122_3344_5566_7788)
        #expect(try machine.memory.load(0x21000, count: 4) == [0x44, 0x33, 0x22, 0x11])
        #expect(try Self.access(0x20FFC, store: false).get().register(10) == 0)
    }

    @Test func storeReachingIntoAnExecutablePageFails() {
        // 0xFFFC...0x10003: the first page is writable, the second holds the code.
        guard case .failure(let error) = (try? Self.access(0xFFFC, store: true)) ?? .failure(.cyclesOverflow) else {
            Issue.record("the store succeeded")
            return
        }
        #expect(error.kind == "MemWriteOnExecutablePage")
        // Loading the same bytes is fine: code pages are readable.
        #expect((try? Self.access(0xFFFC, store: false).get()) != nil)
    }

    @Test func accessesPastTheEndOfMemory() {
        for (address, store) in [(Int32(0x3F_FFFC), false), (0x3F_FFFC, true), (0x3F_FFF9, true)] {
            guard case .failure(let error) = (try? Self.access(address, store: store)) ?? .failure(.cyclesOverflow) else {
                Issue.record("8-byte access at 0x\(String(address, radix: 16)) succeeded")
                continue
            }
            #expect(error.kind == "MemOutOfBound")
        }
        // The last 8 bytes exactly: allowed from VM1 (the VM0 case is ProgramTests.loadEnding...).
        #expect((try? Self.access(0x3F_FFF8, store: true).get()) != nil)
    }
}
