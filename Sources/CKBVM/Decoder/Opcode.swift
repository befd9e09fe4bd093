/// The internal opcodes: what the decoder produces and the interpreter dispatches on.
///
/// Compressed instructions decode to the same opcodes as their 32-bit forms (so they cost the
/// same). Loads and `jalr` have a VM0 variant each for the version-0 quirks. The fused opcodes
/// are whole instruction sequences recognised at decode time (`spec/ckb.md` §1.4).
public enum Opcode: UInt8, Sendable, CaseIterable {
    /// A cache slot not yet decoded; never executed.
    case unloaded = 0
    // RV64I
    case lui, auipc, jal, jalr, jalrV0
    case beq, bne, blt, bge, bltu, bgeu
    case lb, lh, lw, ld, lbu, lhu, lwu
    case lbV0, lhV0, lwV0, ldV0, lbuV0, lhuV0, lwuV0
    case sb, sh, sw, sd
    case addi, slti, sltiu, xori, ori, andi, slli, srli, srai
    case add, sub, sll, slt, sltu, xor, srl, sra, or, and
    case addiw, slliw, srliw, sraiw, addw, subw, sllw, srlw, sraw
    case fence, fencei, ecall, ebreak
    // M
    case mul, mulh, mulhsu, mulhu, div, divu, rem, remu, mulw, divw, divuw, remw, remuw
    // Zba
    case adduw, sh1add, sh2add, sh3add, sh1adduw, sh2adduw, sh3adduw, slliuw
    // Zbb
    case andn, orn, xnor, clz, clzw, ctz, ctzw, cpop, cpopw, max, maxu, min, minu
    case sextb, sexth, zexth, rol, rolw, ror, rori, roriw, rorw, orcb, rev8
    // Zbc
    case clmul, clmulh, clmulr
    // Zbs
    case bclr, bclri, bext, bexti, binv, binvi, bset, bseti
    // Fused (macro-op fusion)
    case adc, sbb, adcs, sbbs, add3a, add3b, add3c
    case wideMul, wideMulu, wideMulsu, wideDiv, wideDivu
    case farJumpRel, farJumpAbs, customLoadImm

    /// Cycles charged for one execution (CKB-VM `estimate_cycles`, `spec/ckb.md` §1.3).
    public var cycles: UInt32 {
        switch self {
        case .jal, .jalr, .jalrV0, .beq, .bne, .blt, .bge, .bltu, .bgeu: return 3
        case .ld, .ldV0, .sd: return 2
        case .lb, .lh, .lw, .lbu, .lhu, .lwu, .lbV0, .lhV0, .lwV0, .lbuV0, .lhuV0, .lwuV0: return 3
        case .sb, .sh, .sw: return 3
        case .mul, .mulw, .mulh, .mulhu, .mulhsu: return 5
        case .div, .divw, .divu, .divuw, .rem, .remw, .remu, .remuw: return 32
        case .ecall, .ebreak: return 500
        case .wideMul, .wideMulu, .wideMulsu: return 5
        case .wideDiv, .wideDivu: return 32
        case .farJumpRel, .farJumpAbs: return 3
        default: return 1
        }
    }

    /// Whether this opcode is a fused sequence.
    public var isFused: Bool { self.rawValue >= Opcode.adc.rawValue }
}
