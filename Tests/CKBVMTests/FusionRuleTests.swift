import CKBVM
import Testing

/// Each fusion rule's register and immediate conditions, pinned against CKB-VM 0.24's
/// `decoder.rs` (`decode_mop`): the order of its `checked_add`s, where it wraps instead, and the
/// comparisons it makes (and the one it does not: SBB's second `sltu` rs2).
@Suite struct FusionRuleTests {
    // RV64 encodings, enough for the fused patterns.
    static func r(_ funct7: UInt32, _ rs2: UInt32, _ rs1: UInt32, _ funct3: UInt32, _ rd: UInt32) -> UInt32 {
        funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | 0x33
    }
    static func i(_ opcode: UInt32, _ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 {
        UInt32(bitPattern: imm) << 20 | rs1 << 15 | rd << 7 | opcode
    }
    static func add(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 0, rd) }
    static func sub(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0x20, rs2, rs1, 0, rd) }
    static func sltu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 3, rd) }
    static func or(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 6, rd) }
    static func mulhu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 3, rd) }
    static func mul(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 0, rd) }
    static func divu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 5, rd) }
    static func remu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 7, rd) }
    static func addi(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(0x13, rd, rs1, imm) }
    static func addiw(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(0x1B, rd, rs1, imm) }
    static func jalr(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(0x67, rd, rs1, imm) }
    static func lui(_ rd: UInt32, _ imm20: UInt32) -> UInt32 { imm20 << 12 | rd << 7 | 0x37 }
    static func auipc(_ rd: UInt32, _ imm20: UInt32) -> UInt32 { imm20 << 12 | rd << 7 | 0x17 }

    static let ra: UInt32 = 1, t4: UInt32 = 29, a0: UInt32 = 10, a1: UInt32 = 11, a2: UInt32 = 12, a3: UInt32 = 13, a4: UInt32 = 14

    /// The instruction the machine decodes at `pc` for `words` laid out from `pc`.
    static func fused(_ words: [UInt32], at pc: UInt64 = 0x10000, _ version: VMVersion) -> Instruction {
        let decoded = words.map { Decoder.decode($0, version: version)! }
        return Decoder.fuse(decoded[0], at: pc, version: version) { address in
            let k = Int((address - pc) / 4)
            return k < decoded.count ? decoded[k] : nil
        }
    }

    // MARK: auipc + addi (VM2 CUSTOM_LOAD_IMM): hi + lo checked first, then + pc

    struct LoadImmCase: Sendable, CustomTestStringConvertible {
        let hi: UInt32, lo: Int32, pc: UInt64
        /// The fused immediate, or nil when CKB-VM does not fuse.
        let fused: Int32?
        var testDescription: String { "auipc 0x\(String(hi, radix: 16)); addi \(lo) at 0x\(String(pc, radix: 16))" }
    }

    @Test(arguments: [
        // hi + lo overflows i32 although pc + hi + lo would not: not fused (2 cycles).
        LoadImmCase(hi: 0x80000, lo: -2048, pc: 0x10000, fused: nil),
        // hi + lo fits, + pc lands exactly on i32.max: fused (1 cycle), though pc + hi alone overflows.
        LoadImmCase(hi: 0x7FFE0, lo: -1, pc: 0x20000, fused: Int32.max),
        // hi + lo fits, + pc overflows: not fused.
        LoadImmCase(hi: 0x7FFE0, lo: 0, pc: 0x20000, fused: nil),
        LoadImmCase(hi: 0x7FFFF, lo: 0x7FF, pc: 0x10000, fused: nil),
        // The most negative hi with lo 0 fits, and so does + pc.
        LoadImmCase(hi: 0x80000, lo: 0, pc: 0x10000, fused: Int32.min + 0x10000),
        LoadImmCase(hi: 0x12, lo: 0x34, pc: 0x1_0000, fused: 0x12034 + 0x10000),
    ])
    func auipcAddiOrderOfChecks(c: LoadImmCase) {
        let instruction = Self.fused([Self.auipc(Self.t4, c.hi), Self.addi(Self.t4, Self.t4, c.lo)], at: c.pc, .v2)
        if let value = c.fused {
            #expect(instruction.op == .customLoadImm && instruction.imm == value && instruction.length == 8)
            #expect(instruction.cycles == 1)
        } else {
            #expect(instruction.op == .auipc && instruction.length == 4)
        }
        // VM1 never fuses auipc + addi.
        #expect(Self.fused([Self.auipc(Self.t4, c.hi), Self.addi(Self.t4, Self.t4, c.lo)], at: c.pc, .v1).op == .auipc)
    }

    @Test func auipcAddiNeedsTheSameRegisterThreeTimes() {
        #expect(Self.fused([Self.auipc(Self.t4, 1), Self.addi(Self.a0, Self.t4, 1)], .v2).op == .auipc)
        #expect(Self.fused([Self.auipc(Self.t4, 1), Self.addi(Self.t4, Self.a0, 1)], .v2).op == .auipc)
    }

    /// The two examples of the issue, run: the register and the cycles CKB-VM gives.
    @Test(arguments: [
        (UInt32(0x80000), Int32(-2048), UInt64(0x10000), UInt64(0xFFFF_FFFF_8000_F800), UInt64(2)),
        (UInt32(0x7FFE0), Int32(-1), UInt64(0x20000), UInt64(0x7FFF_FFFF), UInt64(1)),
    ])
    func auipcAddiWhenRun(hi: UInt32, lo: Int32, pc: UInt64, value: UInt64, cycles: UInt64) throws {
        let m = Machine(version: .v2)
        let code = [Self.auipc(Self.t4, hi), Self.addi(Self.t4, Self.t4, lo), Self.addi(17, 0, 93), 0x0000_0073]
        let bytes = code.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        try m.memory.initPages(pc, size: 4096, flags: Memory.executable | Memory.frozen, content: bytes, offset: 0)
        m.pc = pc
        #expect(try m.run() == 0)
        #expect(m.register(Int(Self.t4)) == value)
        #expect(m.cycles == cycles + 1 + 500)  // + li a7 + ecall
    }

    // MARK: far jumps

    @Test func farJumpRelativeOverflowIsCheckedOnlyInVM2() {
        // hi = -2^31, lo = -1: the i32 sum overflows.
        let words = [Self.auipc(Self.ra, 0x80000), Self.jalr(Self.ra, Self.ra, -1)]
        let v1 = Self.fused(words, .v1)
        #expect(v1.op == .farJumpRel && v1.imm == Int32.max && v1.cycles == 3)  // wrapped
        #expect(Self.fused(words, .v2).op == .auipc)
        // Without overflow both fuse to the same immediate.
        let fine = [Self.auipc(Self.ra, 0x1), Self.jalr(Self.ra, Self.ra, -4)]
        #expect(Self.fused(fine, .v1).imm == 0x1000 - 4 && Self.fused(fine, .v2).imm == 0x1000 - 4)
    }

    @Test func farJumpAbsoluteWrapsInBothVersions() {
        let words = [Self.lui(Self.ra, 0x80000), Self.jalr(Self.ra, Self.ra, -1)]
        for version in [VMVersion.v1, .v2] {
            let f = Self.fused(words, version)
            #expect(f.op == .farJumpAbs && f.imm == Int32.max, "\(version)")
        }
    }

    @Test func farJumpRegistersPerVersion() {
        // auipc/lui into a0, jalr ra, 0(a0): VM1 fuses (and writes only ra), VM2 needs ra throughout.
        for head in [Self.auipc(Self.a0, 1), Self.lui(Self.a0, 1)] {
            let words = [head, Self.jalr(Self.ra, Self.a0, 0)]
            #expect(Self.fused(words, .v1).op.isFused)
            #expect(!Self.fused(words, .v2).op.isFused)
        }
        // The link register must be ra in both.
        #expect(!Self.fused([Self.auipc(Self.a0, 1), Self.jalr(Self.a1, Self.a0, 0)], .v1).op.isFused)
    }

    // MARK: lui + addiw

    @Test func luiAddiwWraps() {
        let f = Self.fused([Self.lui(Self.a0, 0x80000), Self.addiw(Self.a0, Self.a0, -1)], .v1)
        #expect(f.op == .customLoadImm && f.imm == Int32.max)
        #expect(!Self.fused([Self.lui(Self.a0, 1), Self.addiw(Self.a1, Self.a0, 1)], .v1).op.isFused)
        #expect(!Self.fused([Self.lui(Self.a0, 1), Self.addiw(Self.a0, Self.a0, 1)], .v0).op.isFused)
    }

    // MARK: wide multiply and divide

    @Test func wideMultiplyAndDivideConditions() {
        let (a0, a1, a2, a3) = (Self.a0, Self.a1, Self.a2, Self.a3)
        #expect(Self.fused([Self.mulhu(a0, a1, a2), Self.mul(a3, a1, a2)], .v1).op == .wideMulu)
        #expect(Self.fused([Self.divu(a0, a1, a2), Self.remu(a3, a1, a2)], .v1).op == .wideDivu)
        // high half into an operand, the same destination twice, other operands: no fusion.
        #expect(!Self.fused([Self.mulhu(a1, a1, a2), Self.mul(a3, a1, a2)], .v1).op.isFused)
        #expect(!Self.fused([Self.mulhu(a0, a1, a2), Self.mul(a0, a1, a2)], .v1).op.isFused)
        #expect(!Self.fused([Self.mulhu(a0, a1, a2), Self.mul(a3, a2, a1)], .v1).op.isFused)
        // x0 is allowed as either destination.
        #expect(Self.fused([Self.mulhu(0, a1, a2), Self.mul(a3, a1, a2)], .v1).op == .wideMulu)
    }

    // MARK: carry chains

    @Test func sbbDoesNotCheckTheSecondSltuRs2() {
        // sub x,y,x; sltu t,y,?; sub y,x,z; sltu z,x,y; or x,z,t with x=a0 y=a1 z=a2 t=a3.
        let (x, y, z, t) = (Self.a0, Self.a1, Self.a2, Self.a3)
        for other in [x, Self.a4, 0] {
            let words = [Self.sub(x, y, x), Self.sltu(t, y, other), Self.sub(y, x, z), Self.sltu(z, x, y), Self.or(x, z, t)]
            #expect(Self.fused(words, .v1).op == .sbb, "rs2 x\(other)")
        }
        // t must not be x0.
        let zeroT = [Self.sub(x, y, x), Self.sltu(0, y, x), Self.sub(y, x, z), Self.sltu(z, x, y), Self.or(x, z, 0)]
        #expect(Self.fused(zeroT, .v1).op != .sbb)
    }

    @Test func adcNeedsDistinctNonZeroRegisters() {
        let (a, b, c) = (Self.a0, Self.a1, Self.a2)
        let words = [Self.add(a, a, b), Self.sltu(b, a, b), Self.add(a, a, c), Self.sltu(c, a, c), Self.or(b, b, c)]
        #expect(Self.fused(words, .v1).op == .adc && Self.fused(words, .v1).length == 20)
        #expect(Self.fused(words, .v0).op == .add)
        let zeroC = [Self.add(a, a, b), Self.sltu(b, a, b), Self.add(a, a, 0), Self.sltu(0, a, 0), Self.or(b, b, 0)]
        #expect(Self.fused(zeroC, .v1).op == .add)
    }

    @Test func vm2CarryRulesAndTheirPriority() {
        let (r0, r1, r2, r3, r4) = (Self.a0, Self.a1, Self.a2, Self.a3, Self.a4)
        // ADD3A: add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4.
        #expect(Self.fused([Self.add(r0, r1, r0), Self.sltu(r2, r0, r1), Self.add(r3, r2, r4)], .v2).op == .add3a)
        #expect(Self.fused([Self.add(r0, r1, r0), Self.sltu(r2, r0, r1), Self.add(r3, r2, r4)], .v1).op == .add)
        // ADD3B: add r0,r1,r2; sltu r1,r0,r1; add r3,r1,r4.
        #expect(Self.fused([Self.add(r0, r1, r2), Self.sltu(r1, r0, r1), Self.add(r3, r1, r4)], .v2).op == .add3b)
        // ADD3C: add r0,r1,r2; sltu r3,r0,r1; add r3,r3,r4.
        #expect(Self.fused([Self.add(r0, r1, r2), Self.sltu(r3, r0, r1), Self.add(r3, r3, r4)], .v2).op == .add3c)
        // ADD3C with r4 = r3 is refused, and the pair then fuses as ADCS.
        #expect(Self.fused([Self.add(r0, r1, r2), Self.sltu(r3, r0, r1), Self.add(r3, r3, r3)], .v2).op == .adcs)
        // ADCS with the add's operands swapped (add r0,r0,x is add r0,x,r0), and with r3 = x0.
        #expect(Self.fused([Self.add(r0, r0, r1), Self.sltu(r3, r0, r1)], .v2).op == .adcs)
        #expect(Self.fused([Self.add(r0, r1, r2), Self.sltu(0, r0, r1)], .v2).op == .adcs)
        #expect(Self.fused([Self.add(0, r1, r2), Self.sltu(r3, 0, r1)], .v2).op == .add)
        // SBBS has no x0 test.
        #expect(Self.fused([Self.sub(r0, r1, r2), Self.sltu(0, r1, r2)], .v2).op == .sbbs)
        #expect(Self.fused([Self.sub(r0, r0, r2), Self.sltu(r3, r0, r2)], .v2).op == .sub)
    }

    @Test func aFollowingInstructionThatCannotBeFetchedFusesNothing() {
        let head = Decoder.decode(Self.auipc(Self.t4, 1), version: .v2)!
        #expect(Decoder.fuse(head, at: 0x10000, version: .v2) { _ in nil } == head)
    }
}
