import CKBVM
import CKBVMFuzz
import Testing

@Suite struct DecoderTests {
    /// Every instruction and compressed form: the decoder's fields equal the assembly's.
    @Test func goldenTable() {
        #expect(decoderGolden.count == 147)
        for (bits, length, text, op, rd, rs1, rs2, imm) in decoderGolden {
            guard let decoded = Decoder.decode(bits, version: .v2) else {
                Issue.record("\(text): 0x\(String(bits, radix: 16)) does not decode")
                continue
            }
            #expect(decoded.op == op, "\(text)")
            #expect(decoded.length == length, "\(text)")
            #expect((decoded.rd, decoded.rs1, decoded.rs2) == (rd, rs1, rs2), "\(text): \(decoded)")
            #expect(decoded.imm == imm, "\(text): \(decoded)")
            #expect(decoded.cycles == op.cycles)
        }
    }

    /// VM0: no B extension; loads and jalr decode to their version-0 variants.
    @Test func versionZeroDecoding() {
        let versionZero: [Opcode: Opcode] = [.lb: .lbV0, .lh: .lhV0, .lw: .lwV0, .ld: .ldV0, .lbu: .lbuV0,
                                             .lhu: .lhuV0, .lwu: .lwuV0, .jalr: .jalrV0]
        let bitManipulation: Set<Opcode> = [
            .adduw, .sh1add, .sh2add, .sh3add, .sh1adduw, .sh2adduw, .sh3adduw, .slliuw, .andn, .orn, .xnor,
            .clz, .clzw, .ctz, .ctzw, .cpop, .cpopw, .max, .maxu, .min, .minu, .sextb, .sexth, .zexth, .rol,
            .rolw, .ror, .rori, .roriw, .rorw, .orcb, .rev8, .clmul, .clmulh, .clmulr, .bclr, .bclri, .bext,
            .bexti, .binv, .binvi, .bset, .bseti,
        ]
        for (bits, _, text, op, _, _, _, _) in decoderGolden {
            let decoded = Decoder.decode(bits, version: .v0)
            if bitManipulation.contains(op) {
                #expect(decoded == nil, "\(text) must be invalid in VM0")
            } else {
                #expect(decoded?.op == (versionZero[op] ?? op), "\(text)")
                #expect(Decoder.decode(bits, version: .v1)?.op == op, "\(text)")
            }
        }
    }

    /// Compressed HINT encodings: invalid in VM0, `addi x0, x0, 0` from VM1; reserved encodings
    /// invalid everywhere (the table beside Decoder+Compressed.swift).
    @Test(arguments: [
        (UInt16(0x0001), true, true),    // c.nop: valid everywhere
        (0x0501, false, true),           // c.addi a0, 0 (rd != 0, imm 0)
        (0x0015, false, true),           // c.addi zero, 5
        (0x4015, false, true),           // c.li zero, 5
        (0x6005, false, true),           // c.lui zero, 1
        (0x802A, false, true),           // c.mv zero, a0
        (0x902A, false, true),           // c.add zero, a0 (ckb's cadd_hint_lock)
        (0x0502, false, true),           // c.slli a0, 0
        (0x0016, false, true),           // c.slli zero, 5
        (0x8001, true, true),            // c.srli s0, 0: a no-op in every version
        (0x8401, true, true),            // c.srai s0, 0
        (0x0000, false, false),          // c.addi4spn with imm 0 (and the all-zero halfword)
        (0x6101, false, false),          // c.addi16sp sp, 0
        (0x6501, false, false),          // c.lui a0, 0
        (0x2001, false, false),          // c.addiw zero, 0
        (0x4002, false, false),          // c.lwsp zero, 0(sp)
        (0x8002, false, false),          // c.jr zero
        (0x2002, false, false),          // c.fldsp: no F/D
        (0x9C41, false, false),          // reserved (c.subw-class funct 10)
    ])
    func compressedHints(half: UInt16, validInVM0: Bool, validInVM1: Bool) {
        let v0 = Decoder.decode(UInt32(half), version: .v0)
        let v1 = Decoder.decode(UInt32(half), version: .v1)
        #expect((v0 != nil) == validInVM0, "0x\(String(half, radix: 16)) in VM0: \(String(describing: v0))")
        #expect((v1 != nil) == validInVM1, "0x\(String(half, radix: 16)) in VM1: \(String(describing: v1))")
        if let v1, half != 0x0001, validInVM1, !validInVM0 {
            #expect((v1.op, v1.rd, v1.rs1, v1.imm, v1.length) == (.addi, 0, 0, 0, 2))
        }
    }

    @Test func exactSystemEncodings() {
        #expect(Decoder.decode(0x0000_0073, version: .v2)?.op == .ecall)
        #expect(Decoder.decode(0x0010_0073, version: .v2)?.op == .ebreak)
        #expect(Decoder.decode(0x0000_00F3, version: .v2) == nil)        // ecall with rd != 0
        #expect(Decoder.decode(0x0020_0073, version: .v2) == nil)        // uret-like encodings
        #expect(Decoder.decode(0x0FF0_000F, version: .v2)?.op == .fence) // fence iorw, iorw
        #expect(Decoder.decode(0x0000_008F, version: .v2) == nil)        // fence with rd != 0
        #expect(Decoder.decode(0x0000_100F, version: .v2)?.op == .fencei)
        #expect(Decoder.decode(0x0000_108F, version: .v2) == nil)        // fence.i with rd != 0
        #expect(Decoder.decode(0x0200_1013 | 10 << 7 | 11 << 15, version: .v2)?.op == .slli)  // shamt 32
        #expect(Decoder.decode(0x0200_101B | 10 << 7, version: .v2) == nil)  // slliw with shamt[5] set
        #expect(Decoder.decode(0x0000_0000, version: .v2) == nil)
        #expect(Decoder.decode(0xFFFF_FFFF, version: .v2) == nil)
    }

    /// Random bits: decoding never traps, and what decodes has a sane length.
    @Test func randomBitsNeverTrap() {
        var rng = SplitMix(0xDEC0DE)
        var decoded = 0
        for _ in 0..<500_000 {
            let bits = UInt32(truncatingIfNeeded: rng.next())
            for version in VMVersion.allCases {
                if let i = Decoder.decode(bits, version: version) {
                    #expect(i.length == (bits & 3 == 3 ? 4 : 2))
                    decoded += 1
                }
            }
        }
        #expect(decoded > 100_000)
    }
}

@Suite struct ELFLoaderTests {
    static let valid: [UInt8] = TinyELF.make(text: [0x13, 0x05, 0x00, 0x00, 0x93, 0x08, 0xD0, 0x05, 0x73, 0, 0, 0])

    static func load(_ bytes: [UInt8], _ version: VMVersion = .v2) -> VMError? {
        do {
            try Machine(version: version).load(program: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func validProgramLoads() throws {
        #expect(Self.load(Self.valid) == nil)
        let machine = Machine(version: .v2)
        try machine.load(program: Self.valid)
        #expect(try machine.run() == 0)
        #expect(machine.memory.flags(ofPageAt: 0x10000) == Memory.executable | Memory.frozen)
    }

    @Test func malformedHeaders() {
        #expect(Self.load([]) == .elf(.parse("bad ELF magic")))
        #expect(Self.load(Array(Self.valid.prefix(40))) == .elf(.parse("truncated ELF header (40 bytes)")))
        var bits32 = Self.valid
        bits32[4] = 1
        #expect(Self.load(bits32) == .elf(.bits))
        var encoding = Self.valid
        encoding[5] = 3
        #expect(Self.load(encoding) == .elf(.bits))
        var phoff = Self.valid
        phoff[32] = 0xF0; phoff[33] = 0xFF
        #expect(Self.load(phoff)?.kind == "ElfParseError")
    }

    @Test func segmentRules() {
        func withFlags(_ flags: UInt8) -> [UInt8] {
            var bytes = Self.valid
            bytes[68] = flags
            return bytes
        }
        #expect(Self.load(withFlags(1)) == .elf(.segmentUnreadable(vaddr: 0x10000)))       // X only
        #expect(Self.load(withFlags(7)) == .elf(.segmentWritableAndExecutable(vaddr: 0x10000)))
        var outside = Self.valid
        outside[96] = 0xFF; outside[97] = 0xFF  // p_filesz past the end of the file
        #expect(Self.load(outside) == .elf(.segmentAddrOrSizeError(vaddr: 0x10000)))
        var high = Self.valid
        high[82] = 0x40  // p_vaddr 0x400000: outside the 4 MiB memory
        #expect(Self.load(high)?.kind == "MemOutOfBound")
    }

    @Test func overlappingFrozenSegmentsFail() {
        // Two program headers loading the same page: the second finds it frozen.
        var bytes = Self.valid
        bytes[56] = 2
        let header = Array(bytes[64..<120])
        bytes.replaceSubrange(120..<176, with: header)
        #expect(Self.load(bytes) == .memoryWriteOnFrozenPage(address: 0x10000))
    }

    /// Mutated and random files: every outcome is a load or a typed error, never a trap.
    @Test func fuzzedFilesNeverTrap() throws {
        var rng = SplitMix(0xE1F)
        let seeds = [Self.valid, RandomProgram(seed: 7, blocks: 2).elf]
        var loaded = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            if round % 5 == 4 {
                bytes = (0..<rng.below(300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                for _ in 0..<(1 + rng.below(6)) {
                    let position = rng.below(min(bytes.count, 200))
                    bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            let machine = Machine(version: VMVersion(rawValue: round % 3)!, maxCycles: 10_000)
            do {
                try machine.load(program: bytes)
                loaded += 1
                _ = try? machine.run()
            } catch {
                _ = error.description
            }
        }
        #expect(loaded > 0)
    }
}
