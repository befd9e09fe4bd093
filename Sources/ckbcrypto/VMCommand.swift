import ArgumentParser
import CKBJSON
import CKBVM
import CKBVectors

/// `ckbcrypto vm`: the CKB-VM-compatible machine.
struct VMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vm",
        abstract: "Run RISC-V programs in the CKB-VM-compatible machine.",
        subcommands: [Run.self]
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run an ELF program with only the built-in syscalls.",
            discussion: """
                Built-in syscalls: exit (93), debug (2177, one line on standard error), and from
                VM1 vm_version (2041) and current_cycles (2042). Cycles include the loading cost
                ceil((loaded ELF bytes + stack bytes) / 4), as CKB charges it.

                Exit status: 0 when the guest exited with 0; 1 when it exited non-zero or failed
                (invalid instruction, memory fault, cycle limit, unloadable ELF); 2 for bad
                command-line input or an unreadable file.
                """
        )

        @Option(name: .customLong("vm-version"), help: "CKB-VM version: 0, 1 or 2.")
        var vmVersion: Int = 2

        @Option(name: .customLong("max-cycles"), help: "Cycle limit.")
        var maxCycles: UInt64 = 70_000_000

        @Flag(help: "Print one JSON object: exit_code, cycles, error.")
        var json = false

        @Argument(help: "The ELF file.")
        var file: String

        @Argument(parsing: .postTerminator, help: "Arguments for the program (after --).")
        var arguments: [String] = []

        func validate() throws {
            guard VMVersion(rawValue: vmVersion) != nil else {
                throw ValidationError("--vm-version must be 0, 1 or 2")
            }
        }

        func run() throws {
            let program: [UInt8]
            do {
                program = try FileSystem.readAll(file, limit: 64 << 20)
            } catch {
                throw InputError(error.description)
            }
            let machine = Machine(version: VMVersion(rawValue: vmVersion)!, maxCycles: maxCycles)
            var exitCode: Int8?
            var failure: VMError?
            do {
                try machine.load(program: program, arguments: arguments.map { Array($0.utf8) })
                exitCode = try machine.run()
            } catch {
                failure = error
            }
            if json {
                var out = "{\"exit_code\": \(exitCode.map(String.init) ?? "null"), \"cycles\": \(machine.cycles), \"error\": "
                if let failure { JSON.writeString(failure.description, to: &out) } else { out += "null" }
                print(out + "}")
            } else {
                if let exitCode { print("exit code: \(exitCode)") }
                if let failure { print("error: \(failure)") }
                print("cycles: \(machine.cycles)")
            }
            if failure != nil || exitCode != 0 { throw ExitCode(1) }
        }
    }
}
