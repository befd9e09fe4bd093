/// The C extension (RVC) for RV64, decoded to the same opcodes as the 32-bit forms.
///
/// HINT encodings (RISC-V C spec §16.7) are version-dependent in CKB-VM:
///
/// | encoding | VM0 | VM1, VM2 |
/// |---|---|---|
/// | `c.nop` (rd = 0, imm = 0) | no-op | no-op |
/// | `c.addi` rd ≠ 0, imm = 0; or rd = 0, imm ≠ 0 | invalid | no-op |
/// | `c.li` rd = 0; `c.lui` rd = 0, imm ≠ 0; `c.mv` rd = 0; `c.add` rd = 0 | invalid | no-op |
/// | `c.slli` rd = 0 or shamt = 0 | invalid | no-op |
/// | `c.srli` / `c.srai` shamt = 0 | no-op | no-op |
/// | `c.addi4spn` imm = 0, `c.lui`/`c.addi16sp` imm = 0, `c.addiw` rd = 0, `c.lwsp`/`c.ldsp` rd = 0, `c.jr` rs1 = 0 | invalid | invalid |
///
/// A no-op decodes as `addi x0, x0, 0` (1 cycle). The floating-point forms (`c.fld`, `c.fsd`,
/// `c.fldsp`, `c.fsdsp`) are invalid: CKB-VM has no F or D extension.
extension Decoder {
    /// bits[lower ..< lower + length] moved to bit `shift`.
    @inline(__always)
    static func x(_ b: UInt32, _ lower: UInt32, _ length: UInt32, _ shift: UInt32) -> UInt32 {
        ((b >> lower) & ((1 << length) - 1)) << shift
    }

    /// The same, sign-extended from the field's top bit.
    @inline(__always)
    static func xs(_ b: UInt32, _ lower: UInt32, _ length: UInt32, _ shift: UInt32) -> UInt32 {
        UInt32(bitPattern: ((Int32(bitPattern: b) << (32 - lower - length)) >> (32 - length)) << shift)
    }

    /// x8...x15, from a 3-bit field.
    @inline(__always)
    static func compact(_ b: UInt32, _ lower: UInt32) -> UInt8 { UInt8(x(b, lower, 3, 0) + 8) }

    /// imm[5] = bit 12, imm[4:0] = bits 6:2 (signed).
    @inline(__always)
    static func cImm(_ b: UInt32) -> Int32 { Int32(bitPattern: x(b, 2, 5, 0) | xs(b, 12, 1, 5)) }

    /// The same bits, unsigned (shift amounts).
    @inline(__always)
    static func cUimm(_ b: UInt32) -> UInt32 { x(b, 2, 5, 0) | x(b, 12, 1, 5) }

    static let nop = Instruction(.addi, length: 2)

    static func decodeCompressed(_ half: UInt16, version: VMVersion) -> Instruction? {
        let b = UInt32(half)
        let v0 = version == .v0
        let hint: Instruction? = v0 ? nil : nop
        let rdFull = UInt8(x(b, 7, 5, 0))
        switch b & 0b111_00000000000_11 {
        // Quadrant 0
        case 0b000_00000000000_00:
            // c.addi4spn: nzuimm[5:4|9:6|2|3] = bits 12:5
            let nzuimm = x(b, 6, 1, 2) | x(b, 5, 1, 3) | x(b, 11, 2, 4) | x(b, 7, 4, 6)
            guard nzuimm != 0 else { return nil }
            return Instruction(.addi, rd: compact(b, 2), rs1: 2, imm: Int32(nzuimm), length: 2)
        case 0b010_00000000000_00:  // c.lw: uimm[5:3|2|6]
            return Instruction(v0 ? .lwV0 : .lw, rd: compact(b, 2), rs1: compact(b, 7),
                               imm: Int32(x(b, 6, 1, 2) | x(b, 10, 3, 3) | x(b, 5, 1, 6)), length: 2)
        case 0b011_00000000000_00:  // c.ld: uimm[5:3|7:6]
            return Instruction(v0 ? .ldV0 : .ld, rd: compact(b, 2), rs1: compact(b, 7),
                               imm: Int32(x(b, 10, 3, 3) | x(b, 5, 2, 6)), length: 2)
        case 0b110_00000000000_00:  // c.sw
            return Instruction(.sw, rs1: compact(b, 7), rs2: compact(b, 2),
                               imm: Int32(x(b, 6, 1, 2) | x(b, 10, 3, 3) | x(b, 5, 1, 6)), length: 2)
        case 0b111_00000000000_00:  // c.sd
            return Instruction(.sd, rs1: compact(b, 7), rs2: compact(b, 2),
                               imm: Int32(x(b, 10, 3, 3) | x(b, 5, 2, 6)), length: 2)

        // Quadrant 1
        case 0b000_00000000000_01:  // c.nop / c.addi
            let imm = cImm(b)
            if rdFull != 0 {
                return imm != 0 ? Instruction(.addi, rd: rdFull, rs1: rdFull, imm: imm, length: 2) : hint
            }
            return imm == 0 ? nop : hint
        case 0b001_00000000000_01:  // c.addiw
            guard rdFull != 0 else { return nil }
            return Instruction(.addiw, rd: rdFull, rs1: rdFull, imm: cImm(b), length: 2)
        case 0b010_00000000000_01:  // c.li
            guard rdFull != 0 else { return hint }
            return Instruction(.addi, rd: rdFull, rs1: 0, imm: cImm(b), length: 2)
        case 0b011_00000000000_01:  // c.addi16sp / c.lui
            guard cImm(b) != 0 else { return nil }
            if rdFull == 2 {
                // nzimm[9|4|6|8:7|5] = bits 12, 6:2
                let imm = x(b, 6, 1, 4) | x(b, 2, 1, 5) | x(b, 5, 1, 6) | x(b, 3, 2, 7) | xs(b, 12, 1, 9)
                return Instruction(.addi, rd: 2, rs1: 2, imm: Int32(bitPattern: imm), length: 2)
            }
            guard rdFull != 0 else { return hint }
            return Instruction(.lui, rd: rdFull, imm: cImm(b) << 12, length: 2)
        case 0b100_00000000000_01:
            let rd = compact(b, 7)
            switch b & 0b1_11_000_11000_00 {
            case 0b0_00_000_00000_00 where b & 0b111_00 == 0: return nop  // c.srli, shamt 0
            case 0b0_01_000_00000_00 where b & 0b111_00 == 0: return nop  // c.srai, shamt 0
            case 0b0_11_000_00000_00: return Instruction(.sub, rd: rd, rs1: rd, rs2: compact(b, 2), length: 2)
            case 0b0_11_000_01000_00: return Instruction(.xor, rd: rd, rs1: rd, rs2: compact(b, 2), length: 2)
            case 0b0_11_000_10000_00: return Instruction(.or, rd: rd, rs1: rd, rs2: compact(b, 2), length: 2)
            case 0b0_11_000_11000_00: return Instruction(.and, rd: rd, rs1: rd, rs2: compact(b, 2), length: 2)
            case 0b1_11_000_00000_00: return Instruction(.subw, rd: rd, rs1: rd, rs2: compact(b, 2), length: 2)
            case 0b1_11_000_01000_00: return Instruction(.addw, rd: rd, rs1: rd, rs2: compact(b, 2), length: 2)
            case 0b1_11_000_10000_00, 0b1_11_000_11000_00: return nil
            default:
                let uimm = cUimm(b)
                switch b & 0b11_000_00000_00 {
                case 0b00_000_00000_00:
                    return uimm == 0 ? nil : Instruction(.srli, rd: rd, rs1: rd, imm: Int32(uimm & 63), length: 2)
                case 0b01_000_00000_00:
                    return uimm == 0 ? nil : Instruction(.srai, rd: rd, rs1: rd, imm: Int32(uimm & 63), length: 2)
                case 0b10_000_00000_00:
                    return Instruction(.andi, rd: rd, rs1: rd, imm: cImm(b), length: 2)
                default:
                    return nil
                }
            }
        case 0b101_00000000000_01:  // c.j: offset[11|4|9:8|10|6|7|3:1|5]
            let imm = x(b, 3, 3, 1) | x(b, 11, 1, 4) | x(b, 2, 1, 5) | x(b, 7, 1, 6) | x(b, 6, 1, 7)
                | x(b, 9, 2, 8) | x(b, 8, 1, 10) | xs(b, 12, 1, 11)
            return Instruction(.jal, rd: 0, imm: Int32(bitPattern: imm), length: 2)
        case 0b110_00000000000_01, 0b111_00000000000_01:  // c.beqz, c.bnez: offset[8|4:3|7:6|2:1|5]
            let imm = x(b, 3, 2, 1) | x(b, 10, 2, 3) | x(b, 2, 1, 5) | x(b, 5, 2, 6) | xs(b, 12, 1, 8)
            return Instruction(b & 0x2000 == 0 ? .beq : .bne, rs1: compact(b, 7), rs2: 0,
                               imm: Int32(bitPattern: imm), length: 2)

        // Quadrant 2
        case 0b000_00000000000_10:  // c.slli
            let uimm = cUimm(b)
            guard rdFull != 0, uimm != 0 else { return hint }
            return Instruction(.slli, rd: rdFull, rs1: rdFull, imm: Int32(uimm & 63), length: 2)
        case 0b010_00000000000_10:  // c.lwsp: uimm[5|4:2|7:6]
            guard rdFull != 0 else { return nil }
            return Instruction(v0 ? .lwV0 : .lw, rd: rdFull, rs1: 2,
                               imm: Int32(x(b, 4, 3, 2) | x(b, 12, 1, 5) | x(b, 2, 2, 6)), length: 2)
        case 0b011_00000000000_10:  // c.ldsp: uimm[5|4:3|8:6]
            guard rdFull != 0 else { return nil }
            return Instruction(v0 ? .ldV0 : .ld, rd: rdFull, rs1: 2,
                               imm: Int32(x(b, 5, 2, 3) | x(b, 12, 1, 5) | x(b, 2, 3, 6)), length: 2)
        case 0b100_00000000000_10:
            let rs2 = UInt8(x(b, 2, 5, 0))
            let jalr: Opcode = v0 ? .jalrV0 : .jalr
            if b & 0x1000 == 0 {
                if rs2 == 0 {  // c.jr
                    return rdFull != 0 ? Instruction(jalr, rd: 0, rs1: rdFull, length: 2) : nil
                }
                // c.mv
                return rdFull != 0 ? Instruction(.add, rd: rdFull, rs1: 0, rs2: rs2, length: 2) : hint
            }
            if rdFull == 0 && rs2 == 0 { return Instruction(.ebreak, length: 2) }
            if rs2 == 0 { return Instruction(jalr, rd: 1, rs1: rdFull, length: 2) }  // c.jalr
            // c.add
            return rdFull != 0 ? Instruction(.add, rd: rdFull, rs1: rdFull, rs2: rs2, length: 2) : hint
        case 0b110_00000000000_10:  // c.swsp: uimm[5:2|7:6]
            return Instruction(.sw, rs1: 2, rs2: UInt8(x(b, 2, 5, 0)),
                               imm: Int32(x(b, 9, 4, 2) | x(b, 7, 2, 6)), length: 2)
        case 0b111_00000000000_10:  // c.sdsp: uimm[5:3|8:6]
            return Instruction(.sd, rs1: 2, rs2: UInt8(x(b, 2, 5, 0)),
                               imm: Int32(x(b, 10, 3, 3) | x(b, 7, 3, 6)), length: 2)
        default:
            return nil  // c.fld, c.fsd, c.fldsp, c.fsdsp and reserved encodings
        }
    }
}
