/// Decodes RISC-V instruction bits into ``Instruction`` values, per VM version.
///
/// Decoding follows CKB-VM's factories in order: RV64I, then M, then (VM1+) B; the first that
/// recognises the bits wins. Encodings are exact: ECALL/EBREAK only as `0x00000073` and
/// `0x00100073`, FENCE only when its low 20 bits are `0x0000F`, FENCE.I only as `0x0000100F`,
/// shift immediates only with the expected funct6/funct7. Anything else is an invalid
/// instruction (the caller reports `InvalidInstruction`).
public enum Decoder {
    /// Whether the low 16 bits hold a 16-bit (compressed) instruction: its two low bits are not
    /// `11`. On a little-endian machine the first halfword in memory tells the length.
    @inline(__always)
    public static func isCompressed(_ low: UInt16) -> Bool { low & 0b11 != 0b11 }

    /// Decodes one instruction: a compressed one in the low 16 bits, or a 32-bit one.
    public static func decode(_ bits: UInt32, version: VMVersion) -> Instruction? {
        if isCompressed(UInt16(truncatingIfNeeded: bits)) {
            return decodeCompressed(UInt16(truncatingIfNeeded: bits), version: version)
        }
        if let i = decodeBase(bits, version: version) { return i }
        if let i = decodeM(bits) { return i }
        if version.hasBitManipulation, let i = decodeB(bits) { return i }
        return nil
    }

    // MARK: Fields

    @inline(__always) static func rd(_ b: UInt32) -> UInt8 { UInt8((b >> 7) & 0x1F) }
    @inline(__always) static func rs1(_ b: UInt32) -> UInt8 { UInt8((b >> 15) & 0x1F) }
    @inline(__always) static func rs2(_ b: UInt32) -> UInt8 { UInt8((b >> 20) & 0x1F) }
    @inline(__always) static func funct3(_ b: UInt32) -> UInt32 { (b >> 12) & 0x7 }
    @inline(__always) static func funct7(_ b: UInt32) -> UInt32 { b >> 25 }

    /// I-type: imm[11:0] = bits[31:20], sign-extended.
    @inline(__always) static func immI(_ b: UInt32) -> Int32 { Int32(bitPattern: b) >> 20 }
    /// S-type: imm[11:5] = bits[31:25], imm[4:0] = bits[11:7].
    @inline(__always) static func immS(_ b: UInt32) -> Int32 {
        (Int32(bitPattern: b) >> 25) << 5 | Int32((b >> 7) & 0x1F)
    }
    /// B-type: imm[12|10:5] = bits[31:25], imm[4:1|11] = bits[11:7].
    @inline(__always) static func immB(_ b: UInt32) -> Int32 {
        (Int32(bitPattern: b) >> 31) << 12 | Int32((b >> 7) & 1) << 11
            | Int32((b >> 25) & 0x3F) << 5 | Int32((b >> 8) & 0xF) << 1
    }
    /// U-type: imm[31:12] = bits[31:12].
    @inline(__always) static func immU(_ b: UInt32) -> Int32 { Int32(bitPattern: b & 0xFFFF_F000) }
    /// J-type: imm[20|10:1|11|19:12] = bits[31:12].
    @inline(__always) static func immJ(_ b: UInt32) -> Int32 {
        (Int32(bitPattern: b) >> 31) << 20 | Int32((b >> 12) & 0xFF) << 12
            | Int32((b >> 20) & 1) << 11 | Int32((b >> 21) & 0x3FF) << 1
    }

    @inline(__always)
    static func r(_ op: Opcode, _ b: UInt32) -> Instruction {
        Instruction(op, rd: rd(b), rs1: rs1(b), rs2: rs2(b), length: 4)
    }

    @inline(__always)
    static func i(_ op: Opcode, _ b: UInt32, imm: Int32? = nil) -> Instruction {
        Instruction(op, rd: rd(b), rs1: rs1(b), imm: imm ?? immI(b), length: 4)
    }

    // MARK: RV64I

    static func decodeBase(_ b: UInt32, version: VMVersion) -> Instruction? {
        let v0 = version == .v0
        switch b & 0x7F {
        case 0b0110111: return Instruction(.lui, rd: rd(b), imm: immU(b), length: 4)
        case 0b0010111: return Instruction(.auipc, rd: rd(b), imm: immU(b), length: 4)
        case 0b1101111: return Instruction(.jal, rd: rd(b), imm: immJ(b), length: 4)
        case 0b1100111:
            return funct3(b) == 0 ? i(v0 ? .jalrV0 : .jalr, b) : nil
        case 0b1100011:
            let op: Opcode
            switch funct3(b) {
            case 0b000: op = .beq
            case 0b001: op = .bne
            case 0b100: op = .blt
            case 0b101: op = .bge
            case 0b110: op = .bltu
            case 0b111: op = .bgeu
            default: return nil
            }
            return Instruction(op, rs1: rs1(b), rs2: rs2(b), imm: immB(b), length: 4)
        case 0b0000011:
            let op: Opcode
            switch funct3(b) {
            case 0b000: op = v0 ? .lbV0 : .lb
            case 0b001: op = v0 ? .lhV0 : .lh
            case 0b010: op = v0 ? .lwV0 : .lw
            case 0b011: op = v0 ? .ldV0 : .ld
            case 0b100: op = v0 ? .lbuV0 : .lbu
            case 0b101: op = v0 ? .lhuV0 : .lhu
            case 0b110: op = v0 ? .lwuV0 : .lwu
            default: return nil
            }
            return i(op, b)
        case 0b0100011:
            let op: Opcode
            switch funct3(b) {
            case 0b000: op = .sb
            case 0b001: op = .sh
            case 0b010: op = .sw
            case 0b011: op = .sd
            default: return nil
            }
            return Instruction(op, rs1: rs1(b), rs2: rs2(b), imm: immS(b), length: 4)
        case 0b0010011:
            switch funct3(b) {
            case 0b000: return i(.addi, b)
            case 0b010: return i(.slti, b)
            case 0b011: return i(.sltiu, b)
            case 0b100: return i(.xori, b)
            case 0b110: return i(.ori, b)
            case 0b111: return i(.andi, b)
            case 0b001:
                return b >> 26 == 0 ? i(.slli, b, imm: Int32((b >> 20) & 0x3F)) : nil
            default:  // 0b101
                switch b >> 26 {
                case 0b000000: return i(.srli, b, imm: Int32((b >> 20) & 0x3F))
                case 0b010000: return i(.srai, b, imm: Int32((b >> 20) & 0x3F))
                default: return nil
                }
            }
        case 0b0110011:
            switch (funct3(b), funct7(b)) {
            case (0b000, 0b0000000): return r(.add, b)
            case (0b000, 0b0100000): return r(.sub, b)
            case (0b001, 0b0000000): return r(.sll, b)
            case (0b010, 0b0000000): return r(.slt, b)
            case (0b011, 0b0000000): return r(.sltu, b)
            case (0b100, 0b0000000): return r(.xor, b)
            case (0b101, 0b0000000): return r(.srl, b)
            case (0b101, 0b0100000): return r(.sra, b)
            case (0b110, 0b0000000): return r(.or, b)
            case (0b111, 0b0000000): return r(.and, b)
            default: return nil
            }
        case 0b0001111:
            if b == 0x0000_100F { return Instruction(.fencei, length: 4) }
            if b & 0x000F_FFFF == 0x0000_000F { return Instruction(.fence, length: 4) }
            return nil
        case 0b1110011:
            if b == 0x0000_0073 { return Instruction(.ecall, length: 4) }
            if b == 0x0010_0073 { return Instruction(.ebreak, length: 4) }
            return nil
        case 0b0011011:
            switch funct3(b) {
            case 0b000: return i(.addiw, b)
            case 0b001: return funct7(b) == 0 ? i(.slliw, b, imm: Int32((b >> 20) & 0x1F)) : nil
            case 0b101:
                switch funct7(b) {
                case 0b0000000: return i(.srliw, b, imm: Int32((b >> 20) & 0x1F))
                case 0b0100000: return i(.sraiw, b, imm: Int32((b >> 20) & 0x1F))
                default: return nil
                }
            default: return nil
            }
        case 0b0111011:
            switch (funct3(b), funct7(b)) {
            case (0b000, 0b0000000): return r(.addw, b)
            case (0b000, 0b0100000): return r(.subw, b)
            case (0b001, 0b0000000): return r(.sllw, b)
            case (0b101, 0b0000000): return r(.srlw, b)
            case (0b101, 0b0100000): return r(.sraw, b)
            default: return nil
            }
        default:
            return nil
        }
    }

    // MARK: M

    static func decodeM(_ b: UInt32) -> Instruction? {
        guard funct7(b) == 0b0000001 else { return nil }
        switch b & 0x7F {
        case 0b0110011:
            let ops: [Opcode] = [.mul, .mulh, .mulhsu, .mulhu, .div, .divu, .rem, .remu]
            return r(ops[Int(funct3(b))], b)
        case 0b0111011:
            switch funct3(b) {
            case 0b000: return r(.mulw, b)
            case 0b100: return r(.divw, b)
            case 0b101: return r(.divuw, b)
            case 0b110: return r(.remw, b)
            case 0b111: return r(.remuw, b)
            default: return nil
            }
        default:
            return nil
        }
    }

    // MARK: B (Zba, Zbb, Zbc, Zbs; ratified 1.0.0 encodings)

    static func decodeB(_ b: UInt32) -> Instruction? {
        let f3 = funct3(b)
        let f7 = funct7(b)
        let f6 = b >> 26
        let f12 = b >> 20
        let shamt6 = Int32((b >> 20) & 0x3F)
        switch b & 0x7F {
        case 0b0110011:  // OP
            switch (f7, f3) {
            case (0b0100000, 0b111): return r(.andn, b)
            case (0b0100000, 0b110): return r(.orn, b)
            case (0b0100000, 0b100): return r(.xnor, b)
            case (0b0010000, 0b010): return r(.sh1add, b)
            case (0b0010000, 0b100): return r(.sh2add, b)
            case (0b0010000, 0b110): return r(.sh3add, b)
            case (0b0000101, 0b001): return r(.clmul, b)
            case (0b0000101, 0b010): return r(.clmulr, b)
            case (0b0000101, 0b011): return r(.clmulh, b)
            case (0b0000101, 0b100): return r(.min, b)
            case (0b0000101, 0b101): return r(.minu, b)
            case (0b0000101, 0b110): return r(.max, b)
            case (0b0000101, 0b111): return r(.maxu, b)
            case (0b0110000, 0b001): return r(.rol, b)
            case (0b0110000, 0b101): return r(.ror, b)
            case (0b0100100, 0b001): return r(.bclr, b)
            case (0b0100100, 0b101): return r(.bext, b)
            case (0b0110100, 0b001): return r(.binv, b)
            case (0b0010100, 0b001): return r(.bset, b)
            default: return nil
            }
        case 0b0111011:  // OP-32
            switch (f7, f3) {
            case (0b0000100, 0b000): return r(.adduw, b)
            case (0b0000100, 0b100): return rs2(b) == 0 ? r(.zexth, b) : nil
            case (0b0010000, 0b010): return r(.sh1adduw, b)
            case (0b0010000, 0b100): return r(.sh2adduw, b)
            case (0b0010000, 0b110): return r(.sh3adduw, b)
            case (0b0110000, 0b001): return r(.rolw, b)
            case (0b0110000, 0b101): return r(.rorw, b)
            default: return nil
            }
        case 0b0010011:  // OP-IMM
            switch f3 {
            case 0b001:
                switch f12 {
                case 0x600: return i(.clz, b, imm: 0)
                case 0x601: return i(.ctz, b, imm: 0)
                case 0x602: return i(.cpop, b, imm: 0)
                case 0x604: return i(.sextb, b, imm: 0)
                case 0x605: return i(.sexth, b, imm: 0)
                default: break
                }
                switch f6 {
                case 0b010010: return i(.bclri, b, imm: shamt6)
                case 0b011010: return i(.binvi, b, imm: shamt6)
                case 0b001010: return i(.bseti, b, imm: shamt6)
                default: return nil
                }
            case 0b101:
                if f12 == 0x287 { return i(.orcb, b, imm: 0) }
                if f12 == 0x6B8 { return i(.rev8, b, imm: 0) }
                switch f6 {
                case 0b011000: return i(.rori, b, imm: shamt6)
                case 0b010010: return i(.bexti, b, imm: shamt6)
                default: return nil
                }
            default:
                return nil
            }
        case 0b0011011:  // OP-IMM-32
            switch f3 {
            case 0b001:
                switch f12 {
                case 0x600: return i(.clzw, b, imm: 0)
                case 0x601: return i(.ctzw, b, imm: 0)
                case 0x602: return i(.cpopw, b, imm: 0)
                default: break
                }
                return f6 == 0b000010 ? i(.slliuw, b, imm: shamt6) : nil
            case 0b101:
                return f7 == 0b0110000 ? i(.roriw, b, imm: Int32((b >> 20) & 0x1F)) : nil
            default:
                return nil
            }
        default:
            return nil
        }
    }
}
