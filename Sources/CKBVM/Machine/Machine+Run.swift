/// The interpreter loop.
///
/// Cycles: before each instruction (a fused sequence counts as one) its cost is added; if the
/// total passes `maxCycles` the run fails with `CyclesExceeded` before the instruction runs, so
/// ending exactly at the limit is allowed (`spec/ckb.md` §1.5). Syscalls add their extra cycles
/// afterwards and the limit is checked again.
///
/// Division and remainder follow the RISC-V specification (Volume I, §13.2), which never traps:
///
/// | condition | DIV[W] | DIVU[W] | REM[W] | REMU[W] |
/// |---|---|---|---|---|
/// | divisor = 0 | −1 (all ones) | 2^XLEN − 1 (all ones) | dividend | dividend |
/// | dividend = −2^(XLEN−1), divisor = −1 | dividend | — | 0 | — |
///
/// Shifts use the low 6 bits of the amount (5 bits for the W forms); W forms sign-extend their
/// 32-bit result to 64 bits.
extension Machine {
    /// Registers, memory and the counters the loop touches, held in locals.
    struct Hot {
        let r: UnsafeMutablePointer<UInt64>
        let mem: UnsafeMutableRawPointer
        let flags: UnsafeMutablePointer<UInt8>
        let cache: UnsafeMutablePointer<Instruction>
        var pc: UInt64
        var cycles: UInt64
        let maxCycles: UInt64
        var retired: UInt64 = 0
    }

    /// Runs until the guest calls `exit`; returns its exit code (a0 as a signed byte).
    ///
    /// - Throws: ``VMError`` for any fault, with the pc where it happened; `pc` and `cycles`
    ///   are left as they were at the fault.
    public func run() throws(VMError) -> Int8 {
        var hot = Hot(r: registers, mem: memory.bytes, flags: memory.flags, cache: decoded,
                      pc: pc, cycles: cycles, maxCycles: maxCycles)
        defer { instructionsRetired &+= hot.retired }
        do {
            try execute(&hot)
            registers[0] = 0
            return exitCode ?? 0
        } catch {
            registers[0] = 0
            pc = hot.pc
            cycles = hot.cycles
            throw error
        }
    }

    @inline(__always)
    static func sext(_ imm: Int32) -> UInt64 { UInt64(bitPattern: Int64(imm)) }

    @inline(__always)
    static func sext32(_ value: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: value))) }

    @inline(__always)
    static func sext32(_ value: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: value))) }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    func execute(_ h: inout Hot) throws(VMError) {
        // The hot state lives in locals (registers, not memory) and goes back to `h` on every
        // way out, a thrown fault included.
        let size = UInt64(Memory.size)
        let r = h.r, mem = h.mem, flags = h.flags, cache = h.cache, maxCycles = h.maxCycles
        var pc = h.pc, cycles = h.cycles, retired = h.retired
        defer {
            h.pc = pc
            h.cycles = cycles
            h.retired = retired
        }
        while true {
            r[0] = 0
            guard pc < size else { throw .memoryOutOfBound(pc: pc, address: pc) }
            // Fields are read through the cache slot, so each handler loads only what it uses.
            let inst = cache + Int(pc >> 1)
            if inst.pointee.op == .unloaded {
                _ = try decodeAndCache(at: pc)
            }
            let (total, overflow) = cycles.addingReportingOverflow(UInt64(inst.pointee.cycles))
            guard !overflow else { throw .cyclesOverflow }
            guard total <= maxCycles else { throw .cyclesExceeded(limit: maxCycles) }
            cycles = total
            retired &+= UInt64(inst.pointee.count)

            let rd = Int(inst.pointee.rd), rs1 = Int(inst.pointee.rs1), rs2 = Int(inst.pointee.rs2)
            let next = pc &+ UInt64(inst.pointee.length)
            let imm = Machine.sext(inst.pointee.imm)
            switch inst.pointee.op {
            case .unloaded:
                preconditionFailure("executed an undecoded slot")

            // MARK: Upper immediates and jumps
            case .lui: r[rd] = imm
            case .auipc: r[rd] = pc &+ imm
            case .jal:
                r[rd] = next
                pc = pc &+ imm
                continue
            case .jalr:
                let target = (r[rs1] &+ imm) & ~1
                r[rd] = next
                pc = target
                continue
            case .jalrV0:
                // VM0 writes the link before reading rs1, so `jalr a0, 0(a0)` jumps to the link.
                if rd != 0 { r[rd] = next }
                pc = (r[rs1] &+ imm) & ~1
                continue

            // MARK: Branches
            case .beq: if r[rs1] == r[rs2] { pc = pc &+ imm; continue }
            case .bne: if r[rs1] != r[rs2] { pc = pc &+ imm; continue }
            case .blt: if Int64(bitPattern: r[rs1]) < Int64(bitPattern: r[rs2]) { pc = pc &+ imm; continue }
            case .bge: if Int64(bitPattern: r[rs1]) >= Int64(bitPattern: r[rs2]) { pc = pc &+ imm; continue }
            case .bltu: if r[rs1] < r[rs2] { pc = pc &+ imm; continue }
            case .bgeu: if r[rs1] >= r[rs2] { pc = pc &+ imm; continue }

            // MARK: Loads (VM0 also rejects a load that ends exactly at the end of memory)
            case .lb, .lbV0:
                let a = try loadAddress(pc, r[rs1] &+ imm, 1, v0: inst.pointee.op == .lbV0)
                r[rd] = UInt64(bitPattern: Int64(mem.load(fromByteOffset: a, as: Int8.self)))
            case .lbu, .lbuV0:
                let a = try loadAddress(pc, r[rs1] &+ imm, 1, v0: inst.pointee.op == .lbuV0)
                r[rd] = UInt64(mem.load(fromByteOffset: a, as: UInt8.self))
            case .lh, .lhV0:
                let a = try loadAddress(pc, r[rs1] &+ imm, 2, v0: inst.pointee.op == .lhV0)
                r[rd] = UInt64(bitPattern: Int64(Int16(littleEndian: mem.loadUnaligned(fromByteOffset: a, as: Int16.self))))
            case .lhu, .lhuV0:
                let a = try loadAddress(pc, r[rs1] &+ imm, 2, v0: inst.pointee.op == .lhuV0)
                r[rd] = UInt64(UInt16(littleEndian: mem.loadUnaligned(fromByteOffset: a, as: UInt16.self)))
            case .lw, .lwV0:
                let a = try loadAddress(pc, r[rs1] &+ imm, 4, v0: inst.pointee.op == .lwV0)
                r[rd] = UInt64(bitPattern: Int64(Int32(littleEndian: mem.loadUnaligned(fromByteOffset: a, as: Int32.self))))
            case .lwu, .lwuV0:
                let a = try loadAddress(pc, r[rs1] &+ imm, 4, v0: inst.pointee.op == .lwuV0)
                r[rd] = UInt64(UInt32(littleEndian: mem.loadUnaligned(fromByteOffset: a, as: UInt32.self)))
            case .ld, .ldV0:
                let a = try loadAddress(pc, r[rs1] &+ imm, 8, v0: inst.pointee.op == .ldV0)
                r[rd] = UInt64(littleEndian: mem.loadUnaligned(fromByteOffset: a, as: UInt64.self))

            // MARK: Stores (every touched page must be writable)
            case .sb:
                let a = try storeAddress(pc, flags, r[rs1] &+ imm, 1)
                mem.storeBytes(of: UInt8(truncatingIfNeeded: r[rs2]), toByteOffset: a, as: UInt8.self)
            case .sh:
                let a = try storeAddress(pc, flags, r[rs1] &+ imm, 2)
                mem.storeBytes(of: UInt16(truncatingIfNeeded: r[rs2]).littleEndian, toByteOffset: a, as: UInt16.self)
            case .sw:
                let a = try storeAddress(pc, flags, r[rs1] &+ imm, 4)
                mem.storeBytes(of: UInt32(truncatingIfNeeded: r[rs2]).littleEndian, toByteOffset: a, as: UInt32.self)
            case .sd:
                let a = try storeAddress(pc, flags, r[rs1] &+ imm, 8)
                mem.storeBytes(of: r[rs2].littleEndian, toByteOffset: a, as: UInt64.self)

            // MARK: Integer computation (all arithmetic wraps, as RISC-V defines)
            case .addi: r[rd] = r[rs1] &+ imm
            case .slti: r[rd] = Int64(bitPattern: r[rs1]) < Int64(inst.pointee.imm) ? 1 : 0
            case .sltiu: r[rd] = r[rs1] < imm ? 1 : 0
            case .xori: r[rd] = r[rs1] ^ imm
            case .ori: r[rd] = r[rs1] | imm
            case .andi: r[rd] = r[rs1] & imm
            case .slli: r[rd] = r[rs1] &<< imm
            case .srli: r[rd] = r[rs1] &>> imm
            case .srai: r[rd] = UInt64(bitPattern: Int64(bitPattern: r[rs1]) &>> imm)
            case .add: r[rd] = r[rs1] &+ r[rs2]
            case .sub: r[rd] = r[rs1] &- r[rs2]
            case .sll: r[rd] = r[rs1] &<< (r[rs2] & 63)
            case .slt: r[rd] = Int64(bitPattern: r[rs1]) < Int64(bitPattern: r[rs2]) ? 1 : 0
            case .sltu: r[rd] = r[rs1] < r[rs2] ? 1 : 0
            case .xor: r[rd] = r[rs1] ^ r[rs2]
            case .srl: r[rd] = r[rs1] &>> (r[rs2] & 63)
            case .sra: r[rd] = UInt64(bitPattern: Int64(bitPattern: r[rs1]) &>> (r[rs2] & 63))
            case .or: r[rd] = r[rs1] | r[rs2]
            case .and: r[rd] = r[rs1] & r[rs2]
            case .addiw: r[rd] = Machine.sext32(r[rs1] &+ imm)
            case .slliw: r[rd] = Machine.sext32(UInt32(truncatingIfNeeded: r[rs1]) &<< UInt32(inst.pointee.imm))
            case .srliw: r[rd] = Machine.sext32(UInt32(truncatingIfNeeded: r[rs1]) &>> UInt32(inst.pointee.imm))
            case .sraiw: r[rd] = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: r[rs1]) &>> inst.pointee.imm))
            case .addw: r[rd] = Machine.sext32(r[rs1] &+ r[rs2])
            case .subw: r[rd] = Machine.sext32(r[rs1] &- r[rs2])
            case .sllw: r[rd] = Machine.sext32(UInt32(truncatingIfNeeded: r[rs1]) &<< UInt32(r[rs2] & 31))
            case .srlw: r[rd] = Machine.sext32(UInt32(truncatingIfNeeded: r[rs1]) &>> UInt32(r[rs2] & 31))
            case .sraw: r[rd] = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: r[rs1]) &>> Int32(r[rs2] & 31)))
            case .fence, .fencei, .ebreak:
                break
            case .ecall:
                self.pc = next
                self.cycles = cycles
                let exited: Bool
                do {
                    exited = try ecall()
                } catch {
                    cycles = self.cycles  // a failing syscall may have added cycles
                    if error == .yielded { pc = next }  // resume after the ecall
                    throw error
                }
                pc = self.pc
                cycles = self.cycles
                if exited { return }
                continue

            // MARK: M
            case .mul: r[rd] = r[rs1] &* r[rs2]
            case .mulh: r[rd] = UInt64(bitPattern: Int64(bitPattern: r[rs1]).multipliedFullWidth(by: Int64(bitPattern: r[rs2])).high)
            case .mulhu: r[rd] = r[rs1].multipliedFullWidth(by: r[rs2]).high
            case .mulhsu: r[rd] = Machine.mulhsu(r[rs1], r[rs2])
            case .div: r[rd] = Machine.div(r[rs1], r[rs2])
            case .divu: r[rd] = r[rs2] == 0 ? UInt64.max : r[rs1] / r[rs2]
            case .rem: r[rd] = Machine.rem(r[rs1], r[rs2])
            case .remu: r[rd] = r[rs2] == 0 ? r[rs1] : r[rs1] % r[rs2]
            case .mulw: r[rd] = Machine.sext32(r[rs1] &* r[rs2])
            case .divw: r[rd] = Machine.divw(r[rs1], r[rs2])
            case .divuw:
                let a = UInt32(truncatingIfNeeded: r[rs1]), b = UInt32(truncatingIfNeeded: r[rs2])
                r[rd] = Machine.sext32(b == 0 ? UInt32.max : a / b)
            case .remw: r[rd] = Machine.remw(r[rs1], r[rs2])
            case .remuw:
                let a = UInt32(truncatingIfNeeded: r[rs1]), b = UInt32(truncatingIfNeeded: r[rs2])
                r[rd] = Machine.sext32(b == 0 ? a : a % b)

            // MARK: Zba
            case .adduw: r[rd] = r[rs2] &+ (r[rs1] & 0xFFFF_FFFF)
            case .sh1add: r[rd] = r[rs2] &+ (r[rs1] &<< 1)
            case .sh2add: r[rd] = r[rs2] &+ (r[rs1] &<< 2)
            case .sh3add: r[rd] = r[rs2] &+ (r[rs1] &<< 3)
            case .sh1adduw: r[rd] = r[rs2] &+ ((r[rs1] & 0xFFFF_FFFF) &<< 1)
            case .sh2adduw: r[rd] = r[rs2] &+ ((r[rs1] & 0xFFFF_FFFF) &<< 2)
            case .sh3adduw: r[rd] = r[rs2] &+ ((r[rs1] & 0xFFFF_FFFF) &<< 3)
            case .slliuw: r[rd] = (r[rs1] & 0xFFFF_FFFF) &<< imm

            // MARK: Zbb
            case .andn: r[rd] = r[rs1] & ~r[rs2]
            case .orn: r[rd] = r[rs1] | ~r[rs2]
            case .xnor: r[rd] = ~(r[rs1] ^ r[rs2])
            case .clz: r[rd] = UInt64(r[rs1].leadingZeroBitCount)
            case .clzw: r[rd] = UInt64(UInt32(truncatingIfNeeded: r[rs1]).leadingZeroBitCount)
            case .ctz: r[rd] = UInt64(r[rs1].trailingZeroBitCount)
            case .ctzw: r[rd] = UInt64(UInt32(truncatingIfNeeded: r[rs1]).trailingZeroBitCount)
            case .cpop: r[rd] = UInt64(r[rs1].nonzeroBitCount)
            case .cpopw: r[rd] = UInt64(UInt32(truncatingIfNeeded: r[rs1]).nonzeroBitCount)
            case .max: r[rd] = Int64(bitPattern: r[rs1]) > Int64(bitPattern: r[rs2]) ? r[rs1] : r[rs2]
            case .maxu: r[rd] = Swift.max(r[rs1], r[rs2])
            case .min: r[rd] = Int64(bitPattern: r[rs1]) < Int64(bitPattern: r[rs2]) ? r[rs1] : r[rs2]
            case .minu: r[rd] = Swift.min(r[rs1], r[rs2])
            case .sextb: r[rd] = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: r[rs1])))
            case .sexth: r[rd] = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: r[rs1])))
            case .zexth: r[rd] = r[rs1] & 0xFFFF
            case .rol: r[rd] = Machine.rotl(r[rs1], r[rs2] & 63)
            case .ror: r[rd] = Machine.rotl(r[rs1], (64 &- (r[rs2] & 63)) & 63)
            case .rori: r[rd] = Machine.rotl(r[rs1], (64 &- imm) & 63)
            case .rolw:
                let v = UInt32(truncatingIfNeeded: r[rs1]), n = UInt32(r[rs2] & 31)
                r[rd] = Machine.sext32((v &<< n) | (v &>> ((32 &- n) & 31)))
            case .rorw:
                let v = UInt32(truncatingIfNeeded: r[rs1]), n = UInt32(r[rs2] & 31)
                r[rd] = Machine.sext32((v &>> n) | (v &<< ((32 &- n) & 31)))
            case .roriw:
                let v = UInt32(truncatingIfNeeded: r[rs1]), n = UInt32(inst.pointee.imm & 31)
                r[rd] = Machine.sext32((v &>> n) | (v &<< ((32 &- n) & 31)))
            case .orcb: r[rd] = Machine.orcb(r[rs1])
            case .rev8: r[rd] = r[rs1].byteSwapped

            // MARK: Zbc
            case .clmul: r[rd] = Machine.clmul(r[rs1], r[rs2]).low
            case .clmulh: r[rd] = Machine.clmul(r[rs1], r[rs2]).high
            case .clmulr:
                let (high, low) = Machine.clmul(r[rs1], r[rs2])
                r[rd] = (high &<< 1) | (low &>> 63)

            // MARK: Zbs
            case .bclr: r[rd] = r[rs1] & ~(1 &<< (r[rs2] & 63))
            case .bclri: r[rd] = r[rs1] & ~(1 &<< imm)
            case .bext: r[rd] = (r[rs1] &>> (r[rs2] & 63)) & 1
            case .bexti: r[rd] = (r[rs1] &>> imm) & 1
            case .binv: r[rd] = r[rs1] ^ (1 &<< (r[rs2] & 63))
            case .binvi: r[rd] = r[rs1] ^ (1 &<< imm)
            case .bset: r[rd] = r[rs1] | (1 &<< (r[rs2] & 63))
            case .bseti: r[rd] = r[rs1] | (1 &<< imm)

            // MARK: Fused sequences: the canonical instructions, in order, on the same registers
            case .adc:  // a=rd, b=rs1, c=rs2: add a,a,b; sltu b,a,b; add a,a,c; sltu c,a,c; or b,b,c
                r[rd] = r[rd] &+ r[rs1]
                r[rs1] = r[rd] < r[rs1] ? 1 : 0
                r[rd] = r[rd] &+ r[rs2]
                r[rs2] = r[rd] < r[rs2] ? 1 : 0
                r[rs1] = r[rs1] | r[rs2]
            case .sbb:  // x=rd, y=rs1, z=rs2, t=r3: sub x,y,x; sltu t,y,x; sub y,x,z; sltu z,x,y; or x,z,t
                let t = Int(inst.pointee.r3)
                r[rd] = r[rs1] &- r[rd]
                r[t] = r[rs1] < r[rd] ? 1 : 0
                r[rs1] = r[rd] &- r[rs2]
                r[rs2] = r[rd] < r[rs1] ? 1 : 0
                r[rd] = r[rs2] | r[t]
            case .adcs:  // add r0,r1,r2; sltu r3,r0,r1
                r[rd] = r[rs1] &+ r[rs2]
                r[Int(inst.pointee.r3)] = r[rd] < r[rs1] ? 1 : 0
            case .sbbs:  // sub r0,r1,r2; sltu r3,r1,r2
                let borrow: UInt64 = r[rs1] < r[rs2] ? 1 : 0
                r[rd] = r[rs1] &- r[rs2]
                r[Int(inst.pointee.r3)] = borrow
            case .add3a:  // add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4
                r[rd] = r[rs1] &+ r[rd]
                r[rs2] = r[rd] < r[rs1] ? 1 : 0
                r[Int(inst.pointee.r3)] = r[rs2] &+ r[Int(inst.pointee.r4)]
            case .add3b:  // add r0,r1,r2; sltu r1,r0,r1; add r3,r1,r4
                r[rd] = r[rs1] &+ r[rs2]
                r[rs1] = r[rd] < r[rs1] ? 1 : 0
                r[Int(inst.pointee.r3)] = r[rs1] &+ r[Int(inst.pointee.r4)]
            case .add3c:  // add r0,r1,r2; sltu r3,r0,r1; add r3,r3,r4
                let r3 = Int(inst.pointee.r3)
                r[rd] = r[rs1] &+ r[rs2]
                r[r3] = r[rd] < r[rs1] ? 1 : 0
                r[r3] = r[r3] &+ r[Int(inst.pointee.r4)]
            case .wideMul:
                let (high, low) = Int64(bitPattern: r[rs1]).multipliedFullWidth(by: Int64(bitPattern: r[rs2]))
                r[rd] = UInt64(bitPattern: high)
                r[Int(inst.pointee.r3)] = low
            case .wideMulu:
                let (high, low) = r[rs1].multipliedFullWidth(by: r[rs2])
                r[rd] = high
                r[Int(inst.pointee.r3)] = low
            case .wideMulsu:
                let (a, b) = (r[rs1], r[rs2])
                r[rd] = Machine.mulhsu(a, b)
                r[Int(inst.pointee.r3)] = a &* b
            case .wideDiv:
                let (a, b) = (r[rs1], r[rs2])
                r[rd] = Machine.div(a, b)
                r[Int(inst.pointee.r3)] = Machine.rem(a, b)
            case .wideDivu:
                let (a, b) = (r[rs1], r[rs2])
                r[rd] = b == 0 ? UInt64.max : a / b
                r[Int(inst.pointee.r3)] = b == 0 ? a : a % b
            case .farJumpRel:  // only ra is written (the auipc target register is not, in VM1)
                r[1] = next
                pc = (pc &+ imm) & ~1
                continue
            case .farJumpAbs:
                r[1] = next
                pc = imm & ~1
                continue
            case .customLoadImm:
                r[rd] = imm
            }
            pc = next
        }
    }

    /// Bounds check for a load of `width` bytes; VM0 also fails when the load ends exactly at
    /// the end of memory (CKB-VM `check_load_boundary`).
    @inline(__always)
    func loadAddress(_ pc: UInt64, _ address: UInt64, _ width: UInt64, v0: Bool) throws(VMError) -> Int {
        let limit = UInt64(Memory.size) - width
        guard v0 ? address < limit : address <= limit else {
            throw .memoryOutOfBound(pc: pc, address: address)
        }
        return Int(address)
    }

    /// Bounds and W^X check for a store of `width` bytes.
    @inline(__always)
    func storeAddress(_ pc: UInt64, _ flags: UnsafeMutablePointer<UInt8>, _ address: UInt64, _ width: UInt64) throws(VMError) -> Int {
        guard address <= UInt64(Memory.size) - width else { throw .memoryOutOfBound(pc: pc, address: address) }
        let first = Int(address >> 12), last = Int((address &+ width &- 1) >> 12)
        guard (flags[first] | flags[last]) & Memory.executable == 0 else {
            throw .memoryWriteOnExecutablePage(pc: pc, address: address)
        }
        return Int(address)
    }

    // MARK: Arithmetic helpers

    @inline(__always)
    static func div(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
        if y == 0 { return UInt64.max }
        if x == Int64.min && y == -1 { return a }
        return UInt64(bitPattern: x / y)
    }

    @inline(__always)
    static func rem(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int64(bitPattern: a), y = Int64(bitPattern: b)
        if y == 0 { return a }
        if x == Int64.min && y == -1 { return 0 }
        return UInt64(bitPattern: x % y)
    }

    @inline(__always)
    static func divw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int32(truncatingIfNeeded: a), y = Int32(truncatingIfNeeded: b)
        if y == 0 { return UInt64.max }
        if x == Int32.min && y == -1 { return UInt64(bitPattern: Int64(x)) }
        return UInt64(bitPattern: Int64(x / y))
    }

    @inline(__always)
    static func remw(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Int32(truncatingIfNeeded: a), y = Int32(truncatingIfNeeded: b)
        if y == 0 { return UInt64(bitPattern: Int64(x)) }
        if x == Int32.min && y == -1 { return 0 }
        return UInt64(bitPattern: Int64(x % y))
    }

    /// High 64 bits of signed a × unsigned b.
    @inline(__always)
    static func mulhsu(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let high = a.multipliedFullWidth(by: b).high
        return Int64(bitPattern: a) < 0 ? high &- b : high
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x &<< n) | (x &>> ((64 &- n) & 63)) }

    @inline(__always)
    static func orcb(_ x: UInt64) -> UInt64 {
        var out: UInt64 = 0
        for byte in 0..<8 where (x >> (8 * byte)) & 0xFF != 0 { out |= 0xFF << (8 * byte) }
        return out
    }

    /// Carry-less product, 128 bits.
    @inline(__always)
    static func clmul(_ a: UInt64, _ b: UInt64) -> (high: UInt64, low: UInt64) {
        var low: UInt64 = 0, high: UInt64 = 0
        for i in 0..<64 where (b >> UInt64(i)) & 1 != 0 {
            low ^= a &<< UInt64(i)
            if i > 0 { high ^= a &>> UInt64(64 - i) }
        }
        return (high, low)
    }
}
