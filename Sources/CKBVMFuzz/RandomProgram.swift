import CKBVM

/// Random RV64IMC + B programs for differential testing against another RISC-V implementation
/// (qemu-riscv64), and a minimal ELF writer for them.
///
/// A program is a sequence of blocks. Each block loads x1...x30 from its own table of random
/// values (x31 is the base register and is never a destination), runs a random body, stores
/// x1...x30 into a dump area, and writes the scratch area plus the dump to standard output with
/// the Linux `write` syscall (64); the program ends with `exit` (93). Both machines must print
/// the same bytes. Bodies use only forward branches and jumps, so every block terminates; loads
/// and stores address a 1,792-byte scratch area through x31.
package struct RandomProgram: Sendable {
    package static let textAddress: UInt64 = 0x1_0000
    package static let dataAddress: UInt64 = 0x4_0000
    /// Scratch bytes [0, 0x700) and the register dump [0x700, 0x7F0) at `dataAddress`.
    package static let scratchSize = 0x700
    package static let dumpOffset = 0x700
    package static let outputPerBlock = 0x7F0
    package static let tablesOffset = 0x1000

    package let text: [UInt8]
    package let data: [UInt8]
    /// For failure reports: each block's body as (offset in text, instruction bits).
    package let bodies: [[(offset: Int, bits: UInt32)]]
    package let blockCount: Int

    package init(seed: UInt64, blocks: Int, bodyLength: Int = 40) {
        var rng = SplitMix(seed)
        var asm = Assembler()
        var data = [UInt8](repeating: 0, count: RandomProgram.tablesOffset + blocks * 30 * 8)
        for i in 0..<RandomProgram.scratchSize { data[i] = UInt8(truncatingIfNeeded: rng.next()) }
        var bodies: [[(offset: Int, bits: UInt32)]] = []
        let base = RandomProgram.dataAddress
        for block in 0..<blocks {
            // Registers from this block's table, some values biased towards edge cases.
            let table = RandomProgram.tablesOffset + block * 240
            for r in 0..<30 {
                let value: UInt64
                switch rng.next() % 8 {
                case 0: value = [0, 1, UInt64.max, 1 << 63, (1 << 63) - 1, 0xFFFF_FFFF, 1 << 31, 0x8000_0000_0000_0001][Int(rng.next() % 8)]
                case 1: value = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: rng.next())))
                default: value = rng.next()
                }
                withUnsafeBytes(of: value.littleEndian) { data.replaceSubrange(table + 8 * r..<table + 8 * r + 8, with: $0) }
            }
            asm.li32(31, Int32(base) + Int32(table))
            for r in 1...30 { asm.emit(Enc.i(0b0000011, 0b011, UInt8(r), 31, Int32(8 * (r - 1)))) }  // ld
            asm.li32(31, Int32(base))
            let start = asm.bytes.count
            asm.randomBody(&rng, length: bodyLength)
            bodies.append(asm.listing(from: start))
            for r in 1...30 {  // sd xr, dump + 8(r-1)(x31)
                asm.emit(Enc.s(0b0100011, 0b011, 31, UInt8(r), Int32(RandomProgram.dumpOffset + 8 * (r - 1))))
            }
            asm.emit(Enc.i(0b0010011, 0, 10, 0, 1))                                   // a0 = 1 (stdout)
            asm.emit(Enc.i(0b0010011, 0, 11, 31, 0))                                  // a1 = data
            asm.emit(Enc.i(0b0010011, 0, 12, 0, Int32(RandomProgram.outputPerBlock))) // a2 = length
            asm.emit(Enc.i(0b0010011, 0, 17, 0, 64))                                  // a7 = write
            asm.emit(0x0000_0073)
        }
        asm.emit(Enc.i(0b0010011, 0, 10, 0, 0))
        asm.emit(Enc.i(0b0010011, 0, 17, 0, 93))
        asm.emit(0x0000_0073)
        text = asm.bytes
        self.data = data
        self.bodies = bodies
        blockCount = blocks
    }

    /// A static ELF64 RISC-V executable: text (R X) and data (R W) segments, page aligned.
    package var elf: [UInt8] {
        let textOffset = 0x1000
        let dataOffset = textOffset + ((text.count + 0xFFF) & ~0xFFF)
        var out = [UInt8](repeating: 0, count: dataOffset + data.count)
        func put(_ value: UInt64, _ offset: Int, _ size: Int) {
            for i in 0..<size { out[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        }
        out.replaceSubrange(0..<4, with: [0x7F, 0x45, 0x4C, 0x46])
        out[4] = 2; out[5] = 1; out[6] = 1                      // ELF64, little-endian, version 1
        put(2, 16, 2); put(243, 18, 2); put(1, 20, 4)          // ET_EXEC, EM_RISCV, EV_CURRENT
        put(RandomProgram.textAddress, 24, 8)                   // e_entry
        put(64, 32, 8)                                          // e_phoff
        put(1, 48, 4)                                           // e_flags: RVC
        put(64, 52, 2); put(56, 54, 2); put(2, 56, 2)           // e_ehsize, e_phentsize, e_phnum
        put(64, 58, 2)                                          // e_shentsize
        func segment(_ index: Int, flags: UInt64, offset: Int, address: UInt64, size: Int) {
            let h = 64 + 56 * index
            put(1, h, 4); put(flags, h + 4, 4); put(UInt64(offset), h + 8, 8)
            put(address, h + 16, 8); put(address, h + 24, 8)
            put(UInt64(size), h + 32, 8); put(UInt64(size), h + 40, 8); put(0x1000, h + 48, 8)
        }
        segment(0, flags: 5, offset: textOffset, address: RandomProgram.textAddress, size: text.count)
        segment(1, flags: 6, offset: dataOffset, address: RandomProgram.dataAddress, size: data.count)
        out.replaceSubrange(textOffset..<textOffset + text.count, with: text)
        out.replaceSubrange(dataOffset..<dataOffset + data.count, with: data)
        return out
    }
}

/// SplitMix64.
package struct SplitMix: Sendable {
    var state: UInt64
    package init(_ seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    package mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Instruction encoders (RISC-V unprivileged spec, chapter 2 base formats).
package enum Enc {
    static func r(_ opcode: UInt32, _ f3: UInt32, _ f7: UInt32, _ rd: UInt8, _ rs1: UInt8, _ rs2: UInt8) -> UInt32 {
        f7 << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | f3 << 12 | UInt32(rd) << 7 | opcode
    }
    static func i(_ opcode: UInt32, _ f3: UInt32, _ rd: UInt8, _ rs1: UInt8, _ imm: Int32) -> UInt32 {
        UInt32(bitPattern: imm & 0xFFF) << 20 | UInt32(rs1) << 15 | f3 << 12 | UInt32(rd) << 7 | opcode
    }
    static func s(_ opcode: UInt32, _ f3: UInt32, _ rs1: UInt8, _ rs2: UInt8, _ imm: Int32) -> UInt32 {
        let u = UInt32(bitPattern: imm)
        return (u >> 5 & 0x7F) << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | f3 << 12 | (u & 0x1F) << 7 | opcode
    }
    static func b(_ f3: UInt32, _ rs1: UInt8, _ rs2: UInt8, _ offset: Int32) -> UInt32 {
        let u = UInt32(bitPattern: offset)
        return (u >> 12 & 1) << 31 | (u >> 5 & 0x3F) << 25 | UInt32(rs2) << 20 | UInt32(rs1) << 15 | f3 << 12
            | (u >> 1 & 0xF) << 8 | (u >> 11 & 1) << 7 | 0b1100011
    }
    static func u(_ opcode: UInt32, _ rd: UInt8, _ imm20: UInt32) -> UInt32 { (imm20 & 0xFFFFF) << 12 | UInt32(rd) << 7 | opcode }
    static func j(_ rd: UInt8, _ offset: Int32) -> UInt32 {
        let u = UInt32(bitPattern: offset)
        return (u >> 20 & 1) << 31 | (u >> 1 & 0x3FF) << 21 | (u >> 11 & 1) << 20 | (u >> 12 & 0xFF) << 12 | UInt32(rd) << 7 | 0b1101111
    }
}

/// Builds program text; branch and jump targets are resolved once the body is complete.
struct Assembler {
    var bytes: [UInt8] = []
    /// Pending forward branches: (offset of the instruction, target item, encoder).
    private var fixups: [(at: Int, target: Int, encode: (Int32) -> UInt32, compressed: Bool)] = []
    private var itemOffsets: [Int] = []

    mutating func emit(_ word: UInt32) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func emit16(_ half: UInt16) {
        withUnsafeBytes(of: half.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// x[rd] = a 32-bit constant (lui + addi, or addi alone).
    mutating func li32(_ rd: UInt8, _ value: Int32) {
        let low = (value << 20) >> 20
        let high = UInt32(bitPattern: value &- low) >> 12
        if high != 0 {
            emit(Enc.u(0b0110111, rd, high))
            emit(Enc.i(0b0010011, 0, rd, rd, low))
        } else {
            emit(Enc.i(0b0010011, 0, rd, 0, low))
        }
    }

    func listing(from start: Int) -> [(offset: Int, bits: UInt32)] {
        var out: [(Int, UInt32)] = []
        var offset = start
        while offset < bytes.count {
            let low = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            if low & 3 != 3 {
                out.append((offset, low))
                offset += 2
            } else {
                out.append((offset, low | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24))
                offset += 4
            }
        }
        return out
    }

    // MARK: The random body

    static let rOps: [(UInt32, UInt32, UInt32)] = [
        // (opcode, funct3, funct7): RV64I, M, Zba, Zbb, Zbc, Zbs register-register forms
        (0x33, 0, 0), (0x33, 0, 0x20), (0x33, 1, 0), (0x33, 2, 0), (0x33, 3, 0), (0x33, 4, 0), (0x33, 5, 0),
        (0x33, 5, 0x20), (0x33, 6, 0), (0x33, 7, 0),
        (0x3B, 0, 0), (0x3B, 0, 0x20), (0x3B, 1, 0), (0x3B, 5, 0), (0x3B, 5, 0x20),
        (0x33, 0, 1), (0x33, 1, 1), (0x33, 2, 1), (0x33, 3, 1), (0x33, 4, 1), (0x33, 5, 1), (0x33, 6, 1), (0x33, 7, 1),
        (0x3B, 0, 1), (0x3B, 4, 1), (0x3B, 5, 1), (0x3B, 6, 1), (0x3B, 7, 1),
        (0x3B, 0, 0x04), (0x33, 2, 0x10), (0x33, 4, 0x10), (0x33, 6, 0x10), (0x3B, 2, 0x10), (0x3B, 4, 0x10), (0x3B, 6, 0x10),
        (0x33, 7, 0x20), (0x33, 6, 0x20), (0x33, 4, 0x20), (0x33, 6, 0x05), (0x33, 7, 0x05), (0x33, 4, 0x05), (0x33, 5, 0x05),
        (0x33, 1, 0x30), (0x33, 5, 0x30), (0x3B, 1, 0x30), (0x3B, 5, 0x30),
        (0x33, 1, 0x05), (0x33, 2, 0x05), (0x33, 3, 0x05),
        (0x33, 1, 0x24), (0x33, 5, 0x24), (0x33, 1, 0x34), (0x33, 1, 0x14),
    ]

    /// A destination register: any of x1...x30 (x31 is the base register).
    static func dest(_ rng: inout SplitMix) -> UInt8 { UInt8(1 + rng.below(30)) }
    static func source(_ rng: inout SplitMix) -> UInt8 { UInt8(rng.below(31)) }

    mutating func randomBody(_ rng: inout SplitMix, length: Int) {
        itemOffsets = []
        fixups = []
        for item in 0..<length {
            itemOffsets.append(bytes.count)
            let remaining = length - item
            switch rng.below(100) {
            case 0..<30:
                let (op, f3, f7) = Assembler.rOps[rng.below(Assembler.rOps.count)]
                emit(Enc.r(op, f3, f7, Assembler.dest(&rng), Assembler.source(&rng), Assembler.source(&rng)))
            case 30..<42:  // OP-IMM arithmetic with a random 12-bit immediate
                let f3 = [0, 2, 3, 4, 6, 7][rng.below(6)]
                emit(Enc.i(0x13, UInt32(f3), Assembler.dest(&rng), Assembler.source(&rng), Int32(rng.below(4096)) - 2048))
            case 42..<50:  // shifts, bit ops and unary B instructions with fixed funct fields
                let rd = Assembler.dest(&rng), rs = Assembler.source(&rng)
                let sh = UInt32(rng.below(64)), sh5 = UInt32(rng.below(32))
                let forms: [UInt32] = [
                    0x13 | 1 << 12 | sh << 20, 0x13 | 5 << 12 | sh << 20, 0x13 | 5 << 12 | sh << 20 | 0x10 << 26,
                    0x1B | 0 << 12 | UInt32(rng.below(4096)) << 20, 0x1B | 1 << 12 | sh5 << 20, 0x1B | 5 << 12 | sh5 << 20,
                    0x1B | 5 << 12 | sh5 << 20 | 0x20 << 25,
                    0x13 | 1 << 12 | 0x600 << 20, 0x13 | 1 << 12 | 0x601 << 20, 0x13 | 1 << 12 | 0x602 << 20,
                    0x13 | 1 << 12 | 0x604 << 20, 0x13 | 1 << 12 | 0x605 << 20, 0x13 | 5 << 12 | 0x287 << 20,
                    0x13 | 5 << 12 | 0x6B8 << 20, 0x13 | 5 << 12 | sh << 20 | 0x18 << 26,
                    0x13 | 1 << 12 | sh << 20 | 0x12 << 26, 0x13 | 5 << 12 | sh << 20 | 0x12 << 26,
                    0x13 | 1 << 12 | sh << 20 | 0x1A << 26, 0x13 | 1 << 12 | sh << 20 | 0x0A << 26,
                    // ctzw (0x601) is left out: qemu 7.2 counts across all 64 bits when the low word is
                    // zero (ctzw of 1 << 63 gives 63); the spec and CKB-VM give 32. Unit tests cover it.
                    0x1B | 1 << 12 | 0x600 << 20, 0x1B | 1 << 12 | 0x602 << 20,
                    0x1B | 1 << 12 | sh << 20 | 0x02 << 26, 0x1B | 5 << 12 | sh5 << 20 | 0x30 << 25,
                    0x3B | 4 << 12 | 0x04 << 25,  // zext.h
                ]
                emit(forms[rng.below(forms.count)] | UInt32(rd) << 7 | UInt32(rs) << 15)
            case 50..<56:  // lui / auipc
                emit(Enc.u(rng.below(2) == 0 ? 0x37 : 0x17, Assembler.dest(&rng), UInt32(truncatingIfNeeded: rng.next())))
            case 56..<64:  // loads from scratch
                let f3 = UInt32([0, 1, 2, 3, 4, 5, 6][rng.below(7)])
                emit(Enc.i(0x03, f3, Assembler.dest(&rng), 31, Int32(rng.below(RandomProgram.scratchSize - 8))))
            case 64..<70:  // stores to scratch
                emit(Enc.s(0x23, UInt32(rng.below(4)), 31, Assembler.source(&rng), Int32(rng.below(RandomProgram.scratchSize - 8))))
            case 70..<78 where remaining > 1:  // forward branch
                let f3 = UInt32([0, 1, 4, 5, 6, 7][rng.below(6)])
                let (a, b) = (Assembler.source(&rng), Assembler.source(&rng))
                forward(&rng, item, length) { Enc.b(f3, a, b, $0) }
            case 78..<81 where remaining > 1:  // forward jal
                let rd = Assembler.dest(&rng)
                forward(&rng, item, length) { Enc.j(rd, $0) }
            case 81..<84:  // auipc rX, 0; jalr rd, off(rX): the far-jump fusion pattern when rX = rd = ra
                let rx: UInt8 = rng.below(2) == 0 ? 1 : Assembler.dest(&rng)
                let rd: UInt8 = rng.below(2) == 0 ? 1 : Assembler.dest(&rng)
                emit(Enc.u(0x17, rx, 0))
                emit(Enc.i(0x67, 0, rd, rx, 8))  // lands just after the jalr
            case 84..<92:  // the fused patterns, with random registers
                emitFusionPattern(&rng)
            default:  // compressed arithmetic
                emitCompressed(&rng)
            }
        }
        itemOffsets.append(bytes.count)  // the end of the body is a valid target
        for fixup in fixups {
            let offset = Int32(itemOffsets[fixup.target] - fixup.at)
            let word = fixup.encode(offset)
            if fixup.compressed {
                bytes[fixup.at] = UInt8(word & 0xFF)
                bytes[fixup.at + 1] = UInt8(word >> 8 & 0xFF)
            } else {
                withUnsafeBytes(of: word.littleEndian) { bytes.replaceSubrange(fixup.at..<fixup.at + 4, with: $0) }
            }
        }
    }

    private mutating func forward(_ rng: inout SplitMix, _ item: Int, _ length: Int, _ encode: @escaping (Int32) -> UInt32) {
        let target = min(length, item + 1 + rng.below(6))
        fixups.append((bytes.count, target, encode, false))
        emit(0)
    }

    private mutating func emitFusionPattern(_ rng: inout SplitMix) {
        // Distinct registers from x1...x30.
        var pool = Array(UInt8(1)...UInt8(30))
        func pick() -> UInt8 { pool.remove(at: rng.below(pool.count)) }
        let (a, b, c, d, e) = (pick(), pick(), pick(), pick(), pick())
        switch rng.below(9) {
        case 0:  // ADC
            emit(Enc.r(0x33, 0, 0, a, a, b)); emit(Enc.r(0x33, 3, 0, b, a, b)); emit(Enc.r(0x33, 0, 0, a, a, c))
            emit(Enc.r(0x33, 3, 0, c, a, c)); emit(Enc.r(0x33, 6, 0, b, b, c))
        case 1:  // SBB (canonical): sub x,y,x; sltu t,y,x; sub y,x,z; sltu z,x,y; or x,z,t
            emit(Enc.r(0x33, 0, 0x20, a, b, a)); emit(Enc.r(0x33, 3, 0, d, b, a)); emit(Enc.r(0x33, 0, 0x20, b, a, c))
            emit(Enc.r(0x33, 3, 0, c, a, b)); emit(Enc.r(0x33, 6, 0, a, c, d))
        case 2:  // WIDE_MUL(U/SU)
            emit(Enc.r(0x33, UInt32([1, 2, 3][rng.below(3)]), 1, a, b, c)); emit(Enc.r(0x33, 0, 1, d, b, c))
        case 3:  // WIDE_DIV(U)
            let signed = rng.below(2) == 0
            emit(Enc.r(0x33, signed ? 4 : 5, 1, a, b, c)); emit(Enc.r(0x33, signed ? 6 : 7, 1, d, b, c))
        case 4:  // lui + addiw
            emit(Enc.u(0x37, a, UInt32(truncatingIfNeeded: rng.next()))); emit(Enc.i(0x1B, 0, a, a, Int32(rng.below(4096)) - 2048))
        case 5:  // auipc + addi
            emit(Enc.u(0x17, a, UInt32(rng.below(16)))); emit(Enc.i(0x13, 0, a, a, Int32(rng.below(4096)) - 2048))
        case 6:  // ADCS
            emit(Enc.r(0x33, 0, 0, a, b, c)); emit(Enc.r(0x33, 3, 0, d, a, b))
        case 7:  // SBBS
            emit(Enc.r(0x33, 0, 0x20, a, b, c)); emit(Enc.r(0x33, 3, 0, d, b, c))
        default:  // ADD3A / ADD3B / ADD3C
            switch rng.below(3) {
            case 0: emit(Enc.r(0x33, 0, 0, a, b, a)); emit(Enc.r(0x33, 3, 0, c, a, b)); emit(Enc.r(0x33, 0, 0, d, c, e))
            case 1: emit(Enc.r(0x33, 0, 0, a, b, c)); emit(Enc.r(0x33, 3, 0, b, a, b)); emit(Enc.r(0x33, 0, 0, d, b, e))
            default: emit(Enc.r(0x33, 0, 0, a, b, c)); emit(Enc.r(0x33, 3, 0, d, a, b)); emit(Enc.r(0x33, 0, 0, d, d, e))
            }
        }
    }

    private mutating func emitCompressed(_ rng: inout SplitMix) {
        let rd = UInt16(Assembler.dest(&rng))
        let rs = UInt16(1 + rng.below(30))
        let rdc = UInt16(rng.below(8)), rsc = UInt16(rng.below(8))
        let imm = UInt16(rng.below(64))
        let nz = imm == 0 ? 1 : imm
        let forms: [UInt16] = [
            0b000 << 13 | (nz & 0x20) << 7 | rd << 7 | (nz & 0x1F) << 2 | 0b01,      // c.addi
            0b010 << 13 | (imm & 0x20) << 7 | rd << 7 | (imm & 0x1F) << 2 | 0b01,    // c.li
            0b001 << 13 | (imm & 0x20) << 7 | rd << 7 | (imm & 0x1F) << 2 | 0b01,    // c.addiw
            0b000 << 13 | (nz & 0x20) << 7 | rd << 7 | (nz & 0x1F) << 2 | 0b10,      // c.slli
            0b100 << 13 | (nz & 0x20) << 7 | 0b00 << 10 | rdc << 7 | (nz & 0x1F) << 2 | 0b01,  // c.srli
            0b100 << 13 | (nz & 0x20) << 7 | 0b01 << 10 | rdc << 7 | (nz & 0x1F) << 2 | 0b01,  // c.srai
            0b100 << 13 | (imm & 0x20) << 7 | 0b10 << 10 | rdc << 7 | (imm & 0x1F) << 2 | 0b01, // c.andi
            0b100011 << 10 | rdc << 7 | 0b00 << 5 | rsc << 2 | 0b01,                 // c.sub
            0b100011 << 10 | rdc << 7 | 0b01 << 5 | rsc << 2 | 0b01,                 // c.xor
            0b100011 << 10 | rdc << 7 | 0b10 << 5 | rsc << 2 | 0b01,                 // c.or
            0b100011 << 10 | rdc << 7 | 0b11 << 5 | rsc << 2 | 0b01,                 // c.and
            0b100111 << 10 | rdc << 7 | 0b00 << 5 | rsc << 2 | 0b01,                 // c.subw
            0b100111 << 10 | rdc << 7 | 0b01 << 5 | rsc << 2 | 0b01,                 // c.addw
            0b1000 << 12 | rd << 7 | rs << 2 | 0b10,                                 // c.mv
            0b1001 << 12 | rd << 7 | rs << 2 | 0b10,                                 // c.add
        ]
        emit16(forms[rng.below(forms.count)])
    }
}
