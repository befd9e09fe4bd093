/// Macro-op fusion (CKB-VM `decode_mop`; RFC 0033 §4.2 for VM1, RFC 0049 for VM2;
/// `spec/ckb.md` §1.4).
///
/// At each pc the decoder looks at the head instruction and the ones after it. When a pattern
/// matches, the whole sequence becomes one instruction whose length is the sum of the parts and
/// whose cost is the fused opcode's. Jumping into the middle of a sequence decodes from there.
/// If a following instruction cannot be fetched or decoded, the head is returned alone.
///
/// Set A (VM1 and VM2), set B (VM2 only):
///
/// | fused | sequence | conditions | set |
/// |---|---|---|---|
/// | ADC | `add a,a,b; sltu b,a,b; add a,a,c; sltu c,a,c; or b,b,c` | a, b, c distinct and ≠ x0 | A |
/// | SBB | `sub x,y,x; sltu t,y,?; sub y,x,z; sltu z,x,y; or x,z,t` | x, y, z, t distinct and ≠ x0; the first `sltu`'s rs2 is **not** checked (CKB-VM 0.24) | A |
/// | WIDE_MUL(U/SU) | `mulh(u/su) h,a,b; mul l,a,b` | h ∉ {a, b}, h ≠ l | A |
/// | WIDE_DIV(U) | `div(u) q,a,b; rem(u) r,a,b` | q ∉ {a, b}, q ≠ r | A |
/// | FAR_JUMP_REL | `auipc x,hi; jalr ra,lo(x)` | VM1: any x. VM2: x = ra and hi + lo fits i32 | A |
/// | FAR_JUMP_ABS | `lui x,hi; jalr ra,lo(x)` | VM1: any x. VM2: x = ra. hi + lo wraps as i32 | A |
/// | CUSTOM_LOAD_IMM | `lui r,hi; addiw r,r,lo` | — | A |
/// | CUSTOM_LOAD_IMM | `auipc r,hi; addi r,r,lo` | pc fits i32; hi + lo, then + pc, each fits i32 | B |
/// | ADD3A | `add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4` | r0 ≠ r1, r0 ≠ r4, r2 ≠ r4, r0, r2 ≠ x0 | B |
/// | ADD3B | `add r0,r1,r2; sltu r1,r0,r1; add r3,r1,r4` | r0 ≠ r1, r0 ≠ r4, r1 ≠ r4, r0, r1 ≠ x0 | B |
/// | ADD3C | `add r0,r1,r2; sltu r3,r0,r1; add r3,r3,r4` | r0 ≠ r1, r0 ≠ r4, r3 ≠ r4, r0, r3 ≠ x0 | B |
/// | ADCS | `add r0,r1,r2; sltu r3,r0,r1` (add operands may be swapped) | r0 ≠ r1, r0 ≠ x0 | B |
/// | SBBS | `sub r0,r1,r2; sltu r3,r1,r2` | r0 ≠ r1, r0 ≠ r2 | B |
///
/// Priority: head `add` tries ADC, then ADD3A/B/C, then ADCS; head `sub` tries SBB, then SBBS.
extension Decoder {
    /// The instruction at `pc` after fusion: `head` itself, or a fused sequence starting with it.
    ///
    /// - Parameters:
    ///   - head: the unfused instruction decoded at `pc`.
    ///   - pc: its address (the auipc + addi pattern needs it).
    ///   - version: the VM version; VM0 never fuses, VM2 adds set B.
    ///   - following: decodes the (unfused) instruction at an address, or `nil` when it cannot be
    ///     fetched or decoded.
    public static func fuse(
        _ head: Instruction, at pc: UInt64, version: VMVersion, following: (UInt64) -> Instruction?
    ) -> Instruction {
        guard version.hasFusion else { return head }
        var fused = fuseSequence(head, at: pc, version: version, following: following)
        if fused.op.isFused {
            // Count the instructions the fused length covers.
            var covered = 0, offset = 0
            var address = pc
            while offset < Int(fused.length) {
                let part = offset == 0 ? head : (following(address) ?? head)
                offset += Int(part.length)
                address &+= UInt64(part.length)
                covered += 1
            }
            fused.count = UInt8(covered)
        }
        return fused
    }

    static func fuseSequence(
        _ head: Instruction, at pc: UInt64, version: VMVersion, following: (UInt64) -> Instruction?
    ) -> Instruction {
        var sequence = [head]
        var end = pc &+ UInt64(head.length)
        /// The k-th instruction of the sequence (0 = head), decoding lazily.
        func at(_ k: Int) -> Instruction? {
            while sequence.count <= k {
                guard let next = following(end) else { return nil }
                sequence.append(next)
                end &+= UInt64(next.length)
            }
            return sequence[k]
        }
        func length(_ count: Int) -> UInt8 {
            UInt8(sequence.prefix(count).reduce(0) { $0 + Int($1.length) })
        }
        let v2 = version >= .v2

        switch head.op {
        case .add:
            if let adc = matchADC(at) { return adc.with(length: length(5)) }
            if v2 {
                if let add3 = matchADD3(at) { return add3.with(length: length(3)) }
                if let adcs = matchADCS(at) { return adcs.with(length: length(2)) }
            }
        case .sub:
            if let sbb = matchSBB(at) { return sbb.with(length: length(5)) }
            if v2, let next = at(1), next.op == .sltu {
                let (r0, r1, r2) = (head.rd, head.rs1, head.rs2)
                if r0 != r1, r0 != r2, next.rs1 == r1, next.rs2 == r2 {
                    return Instruction(.sbbs, rd: r0, rs1: r1, rs2: r2, length: length(2), r3: next.rd)
                }
            }
        case .mulh, .mulhu, .mulhsu, .div, .divu:
            let pair: (Opcode, Opcode)
            switch head.op {
            case .mulh: pair = (.mul, .wideMul)
            case .mulhu: pair = (.mul, .wideMulu)
            case .mulhsu: pair = (.mul, .wideMulsu)
            case .div: pair = (.rem, .wideDiv)
            default: pair = (.remu, .wideDivu)
            }
            if let next = at(1), next.op == pair.0, head.rd != head.rs1, head.rd != head.rs2,
               next.rs1 == head.rs1, next.rs2 == head.rs2, head.rd != next.rd {
                return Instruction(pair.1, rd: head.rd, rs1: head.rs1, rs2: head.rs2, length: length(2), r3: next.rd)
            }
        case .lui, .auipc:
            guard let next = at(1) else { break }
            if next.op == .jalr, next.rs1 == head.rd, next.rd == 1 {
                let (sum, overflow) = head.imm.addingReportingOverflow(next.imm)
                if head.op == .lui {
                    if !v2 || head.rd == 1 {
                        return Instruction(.farJumpAbs, rd: 1, imm: sum, length: length(2))
                    }
                } else if !v2 || (head.rd == 1 && !overflow) {
                    return Instruction(.farJumpRel, rd: 1, imm: sum, length: length(2))
                }
            }
            if head.op == .lui, next.op == .addiw, next.rd == head.rd, next.rs1 == head.rd {
                return Instruction(.customLoadImm, rd: head.rd, imm: head.imm &+ next.imm, length: length(2))
            }
            if v2, head.op == .auipc, next.op == .addi, next.rd == head.rd, next.rs1 == head.rd,
               pc <= UInt64(Int32.max) {
                // CKB-VM adds the two immediates first, then the pc, each add checked in i32:
                // `auipc t4, 0x80000; addi t4, t4, -2048` never fuses, whatever the pc, and
                // `auipc t4, 0x7ffe0; addi t4, t4, -1` at 0x20000 fuses though pc + hi alone
                // would overflow.
                let (offset, o1) = head.imm.addingReportingOverflow(next.imm)
                let (value, o2) = offset.addingReportingOverflow(Int32(pc))
                if !o1, !o2 {
                    return Instruction(.customLoadImm, rd: head.rd, imm: value, length: length(2))
                }
            }
        default:
            break
        }
        return head
    }

    private static func matchADC(_ at: (Int) -> Instruction?) -> Instruction? {
        guard let i0 = at(0) else { return nil }
        let (a, b) = (i0.rd, i0.rs2)
        guard i0.rs1 == a, a != b, a != 0, b != 0 else { return nil }
        guard let i1 = at(1), i1.op == .sltu, i1.rd == b, i1.rs1 == a, i1.rs2 == b else { return nil }
        guard let i2 = at(2), i2.op == .add else { return nil }
        let c = i2.rs2
        guard i2.rd == a, i2.rs1 == a, c != a, c != b, c != 0 else { return nil }
        guard let i3 = at(3), i3.op == .sltu, i3.rd == c, i3.rs1 == a, i3.rs2 == c else { return nil }
        guard let i4 = at(4), i4.op == .or, i4.rd == b, i4.rs1 == b, i4.rs2 == c else { return nil }
        return Instruction(.adc, rd: a, rs1: b, rs2: c, length: 0)
    }

    private static func matchSBB(_ at: (Int) -> Instruction?) -> Instruction? {
        guard let i0 = at(0) else { return nil }
        let (x, y) = (i0.rd, i0.rs1)
        guard i0.rs2 == x, y != x, x != 0, y != 0 else { return nil }
        guard let i1 = at(1), i1.op == .sltu else { return nil }
        let t = i1.rd
        guard t != x, t != y, t != 0, i1.rs1 == y else { return nil }  // i1.rs2 unchecked, as in CKB-VM
        guard let i2 = at(2), i2.op == .sub else { return nil }
        let z = i2.rs2
        guard i2.rd == y, i2.rs1 == x, z != y, z != x, z != t, z != 0 else { return nil }
        guard let i3 = at(3), i3.op == .sltu, i3.rd == z, i3.rs1 == x, i3.rs2 == y else { return nil }
        guard let i4 = at(4), i4.op == .or, i4.rd == x, i4.rs1 == z, i4.rs2 == t else { return nil }
        return Instruction(.sbb, rd: x, rs1: y, rs2: z, length: 0, r3: t)
    }

    private static func matchADD3(_ at: (Int) -> Instruction?) -> Instruction? {
        guard let i0 = at(0), let i1 = at(1), i1.op == .sltu, let i2 = at(2), i2.op == .add else { return nil }
        // ADD3A: add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4
        do {
            let (r0, r1) = (i0.rd, i0.rs1)
            let (r2, r3, r4) = (i1.rd, i2.rd, i2.rs2)
            if i0.rs2 == r0, r0 != r1, r0 != 0, i1.rs1 == r0, i1.rs2 == r1, r2 != 0,
               i2.rs1 == r2, r0 != r4, r2 != r4 {
                return Instruction(.add3a, rd: r0, rs1: r1, rs2: r2, length: 0, r3: r3, r4: r4)
            }
        }
        // ADD3B: add r0,r1,r2; sltu r1,r0,r1; add r3,r1,r4
        do {
            let (r0, r1, r2) = (i0.rd, i0.rs1, i0.rs2)
            let (r3, r4) = (i2.rd, i2.rs2)
            if r0 != r1, r0 != 0, r1 != 0, i1.rd == r1, i1.rs1 == r0, i1.rs2 == r1,
               i2.rs1 == r1, r0 != r4, r1 != r4 {
                return Instruction(.add3b, rd: r0, rs1: r1, rs2: r2, length: 0, r3: r3, r4: r4)
            }
        }
        // ADD3C: add r0,r1,r2; sltu r3,r0,r1; add r3,r3,r4
        do {
            let (r0, r1, r2) = (i0.rd, i0.rs1, i0.rs2)
            let (r3, r4) = (i1.rd, i2.rs2)
            if r0 != r1, r0 != 0, i1.rs1 == r0, i1.rs2 == r1, r3 != 0,
               i2.rd == r3, i2.rs1 == r3, r0 != r4, r3 != r4 {
                return Instruction(.add3c, rd: r0, rs1: r1, rs2: r2, length: 0, r3: r3, r4: r4)
            }
        }
        return nil
    }

    private static func matchADCS(_ at: (Int) -> Instruction?) -> Instruction? {
        guard var i0 = at(0), let i1 = at(1), i1.op == .sltu else { return nil }
        if i0.rd == i0.rs1, i0.rd != i0.rs2 { swap(&i0.rs1, &i0.rs2) }  // add r0,r0,x is add r0,x,r0
        let (r0, r1, r2) = (i0.rd, i0.rs1, i0.rs2)
        guard r0 != r1, r0 != 0, i1.rs1 == r0, i1.rs2 == r1 else { return nil }
        return Instruction(.adcs, rd: r0, rs1: r1, rs2: r2, length: 0, r3: i1.rd)
    }
}

extension Instruction {
    func with(length: UInt8) -> Instruction {
        var copy = self
        copy.length = length
        return copy
    }
}
