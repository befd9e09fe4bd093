import CKBVM
import Testing

/// CKB-VM's trace cache in VM0 and VM1 is not modelled (`Docs/VM.md`, "Not reproduced"). This
/// pins what this machine does where CKB-VM's assembly interpreter differs.
@Suite struct TraceCacheTests {
    typealias F = FusionRuleTests

    /// A block at A = 0x1000c runs once as `a0 = 0; a7 = s1; ecall` with s1 = debug (2177, an
    /// empty string at address 0); then s1 = 93 and the program jumps to 2^32 + A.
    ///
    /// CKB-VM 0.24's x64 assembly interpreter (and its TraceMachine, which copies it) looks traces
    /// up by `pc as u32` in VM0 and VM1: the trace built at A is found, runs at the high pc, and
    /// exits 0, so CKB accepts. Its plain interpreter, VM2 everywhere, and this machine fetch at
    /// 2^32 + A and fail with MemOutOfBound.
    @Test(arguments: [VMVersion.v0, .v1, .v2])
    func aJumpToTwoToThe32PlusACachedBlockFails(version: VMVersion) throws {
        let (s1, t0, t2, a0, a7): (UInt32, UInt32, UInt32, UInt32, UInt32) = (9, 5, 7, 10, 17)
        let slli32: UInt32 = 32 << 20 | t0 << 15 | 1 << 12 | t0 << 7 | 0x13
        let code: [UInt32] = [
            F.addi(s1, 0, 2000),          // 0x10000
            F.addi(s1, s1, 177),          // 0x10004 s1 = 2177
            0x0040_006F,                  // 0x10008 jal zero, +4 (to A)
            F.addi(a0, 0, 0),             // 0x1000c A
            F.addi(a7, s1, 0),            // 0x10010
            0x0000_0073,                  // 0x10014 ecall
            F.addi(s1, 0, 93),            // 0x10018
            F.addi(t0, 0, 1),             // 0x1001c
            slli32,                       // 0x10020 t0 = 2^32
            F.lui(t2, 0x10),              // 0x10024
            F.add(t0, t0, t2),            // 0x10028
            F.addi(t0, t0, 0xC),          // 0x1002c t0 = 2^32 + A
            F.jalr(0, t0, 0),             // 0x10030
        ]
        let m = Machine(version: version)
        m.debugOutput = { _ in }
        let bytes = code.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        try m.memory.initPages(0x10000, size: 4096, flags: Memory.executable | Memory.frozen, content: bytes, offset: 0)
        m.pc = 0x10000
        do {
            let code = try m.run()
            Issue.record("exited with \(code)")
        } catch {
            #expect(error.kind == "MemOutOfBound", "\(error)")
        }
        #expect(m.register(Int(t0)) == 1 << 32 | 0x1000C)
    }
}
