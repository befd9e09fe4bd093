import CKBVM
import CKBVMFuzz
import Foundation
import Testing

/// Random RV64IMC + B programs, every register and the scratch memory compared with
/// qemu-riscv64 after each block (`ckbvm-qemu-diff` runs any number of them).
@Suite(.enabled(if: Differential.qemu != nil, "qemu-riscv64 is not installed (Debian qemu-user): skipping the differential run"))
struct QemuDifferentialTests {
    /// 3,000 programs: 30 qemu runs of 100 blocks each.
    @Test(arguments: 0..<30)
    func randomProgramsMatchQemu(run: Int) throws {
        let failure = try Differential.compare(seed: 0xC0FFEE &+ UInt64(run), blocks: 100,
                                               directory: FileManager.default.temporaryDirectory)
        #expect(failure == nil, "\(failure ?? "")")
    }

    /// The committed BLAKE2b guest gives the same exit code under qemu (a C program, compiled
    /// with the B extension, 10.7 million instructions).
    @Test func compiledCProgramMatchesQemu() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Programs/build/blake2b.elf").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Differential.qemu!)
        process.arguments = [path]
        try process.run()
        process.waitUntilExit()
        let machine = Machine(version: .v2)
        try machine.load(program: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(Int32(UInt8(bitPattern: try machine.run())) == process.terminationStatus)
    }
}
