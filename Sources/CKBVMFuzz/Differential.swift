import CKBVM
import Foundation

/// Runs random programs in this VM and in qemu-riscv64 and compares their output.
package enum Differential {
    /// qemu-riscv64 on PATH (Debian's qemu-user), if installed.
    package static let qemu: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(dir)/qemu-riscv64"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    /// Captures the Linux `write` syscall (64): a0 = fd, a1 = buffer, a2 = length.
    final class WriteCapture: SyscallHandler {
        var output: [UInt8] = []
        func ecall(_ number: UInt64, machine: Machine) throws(VMError) -> Bool {
            guard number == 64 else { return false }
            let bytes = try machine.memory.load(machine.register(11), count: Int(machine.register(12)))
            output.append(contentsOf: bytes)
            machine.setRegister(10, machine.register(12))
            return true
        }
    }

    /// Output of the program in this VM, or the error that ended it.
    package static func runHere(_ elf: [UInt8], version: VMVersion = .v2) -> Result<[UInt8], VMError> {
        let machine = Machine(version: version, maxCycles: 1 << 40)
        let capture = WriteCapture()
        machine.syscalls = capture
        do {
            try machine.load(program: elf)
            let code = try machine.run()
            guard code == 0 else { return .failure(.external("exit code \(code)")) }
            return .success(capture.output)
        } catch {
            return .failure(error)
        }
    }

    /// Output of the program under qemu-riscv64.
    package static func runQemu(_ elf: [UInt8], directory: URL) throws -> (status: Int32, output: [UInt8]) {
        guard let qemu else { throw CocoaError(.fileNoSuchFile) }
        let file = directory.appendingPathComponent("program-\(UUID().uuidString).elf")
        try Data(elf).write(to: file)
        // qemu-user, like the kernel, refuses to run a file without execute permission.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: qemu)
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(data))
    }

    /// Compares one program; returns a description of the first difference, or nil.
    package static func compare(seed: UInt64, blocks: Int, directory: URL) throws -> String? {
        let program = RandomProgram(seed: seed, blocks: blocks)
        let elf = program.elf
        let reference = try runQemu(elf, directory: directory)
        let ours = runHere(elf)
        guard reference.status == 0 else { return "seed \(seed): qemu exited with status \(reference.status)" }
        switch ours {
        case .failure(let error):
            return "seed \(seed): this VM failed: \(error)"
        case .success(let output):
            if output == reference.output { return nil }
            return describe(program, seed: seed, ours: output, theirs: reference.output)
        }
    }

    static func describe(_ program: RandomProgram, seed: UInt64, ours: [UInt8], theirs: [UInt8]) -> String {
        let size = RandomProgram.outputPerBlock
        guard ours.count == theirs.count else {
            return "seed \(seed): output length \(ours.count), qemu \(theirs.count)"
        }
        let first = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }!.offset
        let block = first / size, within = first % size
        var text = "seed \(seed), block \(block): "
        if within >= RandomProgram.dumpOffset {
            let register = (within - RandomProgram.dumpOffset) / 8 + 1
            func value(_ bytes: [UInt8]) -> String {
                let start = block * size + RandomProgram.dumpOffset + 8 * (register - 1)
                return "0x" + String(bytes[start..<start + 8].reversed().map { String(format: "%02x", $0) }.joined())
            }
            text += "x\(register) = \(value(ours)), qemu \(value(theirs))"
        } else {
            text += "scratch byte \(within) = \(ours[first]), qemu \(theirs[first])"
        }
        text += "\nbody:\n" + program.bodies[block].map { entry in
            let decoded = Decoder.decode(entry.bits, version: .v2).map(String.init(describing:)) ?? "?"
            return String(format: "  %05x: %08x  ", entry.offset, entry.bits) + decoded
        }.joined(separator: "\n")
        return text
    }
}
