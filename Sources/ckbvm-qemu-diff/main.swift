// ckbvm-qemu-diff: runs random RV64IMC+B programs in CKBVM (VM2) and in qemu-riscv64 and
// compares every register and the scratch memory after each block.
//
//   swift run -c release ckbvm-qemu-diff [PROGRAMS] [--seed N] [--jobs N]
//
// A "program" here is one random block of 40 items; they run 100 blocks per qemu process.
import CKBVMFuzz
import Foundation

nonisolated(unsafe) var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> UInt64? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count, let v = UInt64(arguments[i + 1]) else { return nil }
    arguments.removeSubrange(i...i + 1)
    return v
}
let seed = option("--seed") ?? 1
let jobs = Int(option("--jobs") ?? UInt64(ProcessInfo.processInfo.activeProcessorCount))
let programs = Int(arguments.first.flatMap { Int($0) } ?? 10_000)
guard Differential.qemu != nil else {
    FileHandle.standardError.write(Data("ckbvm-qemu-diff: qemu-riscv64 not found (apt-get install qemu-user)\n".utf8))
    exit(2)
}
if let i = arguments.firstIndex(of: "--write"), i + 1 < arguments.count {
    // Writes the program of `--seed` to a file, for inspection with llvm-objdump or qemu.
    let path = arguments[i + 1]
    arguments.removeSubrange(i...i + 1)
    let blocks = Int(option("--blocks") ?? 100)
    try! Data(RandomProgram(seed: seed, blocks: blocks).elf).write(to: URL(fileURLWithPath: path))
    exit(0)
}
let blocksPerRun = 100
let runs = (programs + blocksPerRun - 1) / blocksPerRun
let directory = FileManager.default.temporaryDirectory
let lock = NSLock()
nonisolated(unsafe) var failures: [String] = []
nonisolated(unsafe) var done = 0
let start = Date()
DispatchQueue.concurrentPerform(iterations: jobs) { worker in
    var run = worker
    while run < runs {
        let result: String?
        do {
            result = try Differential.compare(seed: seed &+ UInt64(run), blocks: blocksPerRun, directory: directory)
        } catch {
            result = "seed \(seed &+ UInt64(run)): \(error)"
        }
        lock.lock()
        if let result { failures.append(result) }
        done += 1
        if done % 100 == 0 { FileHandle.standardError.write(Data("\(done * blocksPerRun) programs\n".utf8)) }
        lock.unlock()
        run += jobs
    }
}
let seconds = Date().timeIntervalSince(start)
for failure in failures.prefix(5) { print(failure) }
print(String(format: "%d programs (%d qemu runs, seeds %llu...%llu) in %.1f s: %d passed, %d failed",
             runs * blocksPerRun, runs, seed, seed &+ UInt64(runs - 1), seconds,
             (runs - failures.count) * blocksPerRun, failures.count * blocksPerRun))
exit(failures.isEmpty ? 0 : 1)
