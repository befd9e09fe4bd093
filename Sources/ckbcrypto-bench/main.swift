// ckbcrypto-bench: this project's primitives side by side with the reference C libraries, in one
// run, on one machine. Not a test: nothing here asserts a time.
//
//   swift run -c release ckbcrypto-bench [FILTER] [--json]
//
// Each figure is the median of 7 batches; a batch repeats the operation until it has run for at
// least 30 ms. Swift and reference are measured alternately, batch by batch, so that drift in the
// machine's speed affects both alike.

import CKBBytes
import CKBHash
import CKBVM
import CLibB2
import COpenSSL
import Foundation

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Timing

@inline(never)
func blackHole<T>(_ value: T) {
    withUnsafeBytes(of: value) { sink &+= $0.first ?? 0 }
}

nonisolated(unsafe) var sink: UInt8 = 0

func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Iterations per batch so that one batch lasts about `target` nanoseconds.
func calibrate(_ body: () -> Void, target: UInt64 = 30_000_000) -> Int {
    var iterations = 1
    while true {
        let start = now()
        for _ in 0..<iterations { body() }
        let elapsed = now() - start
        if elapsed >= target / 4 {
            return max(1, Int(Double(iterations) * Double(target) / Double(max(elapsed, 1))))
        }
        iterations *= 4
    }
}

func batch(_ body: () -> Void, _ iterations: Int) -> Double {
    let start = now()
    for _ in 0..<iterations { body() }
    return Double(now() - start) / Double(iterations)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Median nanoseconds per call of `swift` and (when given) `reference`, batches interleaved.
func measure(_ swift: () -> Void, _ reference: (() -> Void)?, batches: Int = 7) -> (Double, Double?) {
    let n = calibrate(swift)
    let m = reference.map { calibrate($0) }
    var a: [Double] = []
    var b: [Double] = []
    for _ in 0..<batches {
        a.append(batch(swift, n))
        if let reference, let m { b.append(batch(reference, m)) }
    }
    return (median(a), reference == nil ? nil : median(b))
}

// MARK: - Reference wrappers

let ckbPersonal = Array("ckb-default-hash".utf8)

func libb2CKBHash(_ input: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>) {
    var param = blake2b_param()
    param.digest_length = 32
    param.fanout = 1
    param.depth = 1
    withUnsafeMutableBytes(of: &param.personal) { raw in
        for (i, b) in ckbPersonal.enumerated() { raw[i] = b }
    }
    var state = blake2b_state()
    blake2b_init_param(&state, &param)
    blake2b_update(&state, input.baseAddress!.assumingMemoryBound(to: UInt8.self), input.count)
    blake2b_final(&state, out, 32)
}

func openSSLSHA256(_ input: UnsafeRawBufferPointer, _ out: UnsafeMutablePointer<UInt8>) {
    _ = SHA256(input.baseAddress!.assumingMemoryBound(to: UInt8.self), input.count, out)
}

// MARK: - Operations

struct Operation {
    let name: String
    let byteCount: Int
    let swift: (UnsafeRawBufferPointer) -> Void
    let referenceName: String?
    let reference: ((UnsafeRawBufferPointer) -> Void)?
}

nonisolated(unsafe) let outBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)

let operations: [Operation] = [
    Operation(name: "ckb-hash/64B", byteCount: 64, swift: { blackHole(ckbHash($0)) },
              referenceName: "libb2", reference: { libb2CKBHash($0, outBuffer); blackHole(outBuffer[0]) }),
    Operation(name: "ckb-hash/1MiB", byteCount: 1 << 20, swift: { blackHole(ckbHash($0)) },
              referenceName: "libb2", reference: { libb2CKBHash($0, outBuffer); blackHole(outBuffer[0]) }),
    Operation(name: "blake2b-512/1MiB", byteCount: 1 << 20, swift: { blackHole(BLAKE2b.hash($0)) },
              referenceName: "libb2", reference: {
                  blake2b(outBuffer, $0.baseAddress!, nil, 64, $0.count, 0)
                  blackHole(outBuffer[0])
              }),
    Operation(name: "sha256/64B", byteCount: 64, swift: { blackHole(SHA256.hash($0)) },
              referenceName: "openssl", reference: { openSSLSHA256($0, outBuffer); blackHole(outBuffer[0]) }),
    Operation(name: "sha256/1MiB", byteCount: 1 << 20, swift: { blackHole(SHA256.hash($0)) },
              referenceName: "openssl", reference: { openSSLSHA256($0, outBuffer); blackHole(outBuffer[0]) }),
    Operation(name: "hmac-sha256/64B", byteCount: 64,
              swift: { blackHole(HMAC<SHA256>.authenticationCode(for: $0, key: $0[0..<32])) },
              referenceName: "openssl", reference: {
                  var length: UInt32 = 32
                  _ = HMAC(EVP_sha256(), $0.baseAddress!, 32, $0.baseAddress!.assumingMemoryBound(to: UInt8.self),
                           $0.count, outBuffer, &length)
                  blackHole(outBuffer[0])
              }),
    Operation(name: "eaglesong/48B", byteCount: 48, swift: { blackHole(eaglesong($0)) },
              referenceName: nil, reference: nil),
    Operation(name: "eaglesong/1MiB", byteCount: 1 << 20, swift: { blackHole(eaglesong($0)) },
              referenceName: nil, reference: nil),
]

// MARK: - Driver

/// In a child process with OpenSSL's SHA extensions masked: prints OpenSSL's ns per SHA-256 of
/// `size` bytes. OPENSSL_ia32cap is read when libcrypto initialises, hence the separate process.
func childOpenSSLSHA256(size: Int) {
    let input = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    input.initializeMemory(as: UInt8.self, repeating: 0xA5)
    let (ns, _) = measure({ openSSLSHA256(UnsafeRawBufferPointer(input), outBuffer); blackHole(outBuffer[0]) }, nil)
    print(ns)
}

func maskedOpenSSLSHA256(size: Int) -> Double? {
    // Bit 29 of the second capability word is the SHA extension (OPENSSL_ia32cap(3)).
    childMeasurement(["--child-openssl-sha256", String(size)], capabilityMask: ":~0x20000000")
}

/// Runs this program again with `arguments` and OPENSSL_ia32cap set to `capabilityMask`, and
/// reads the nanoseconds it prints.
func childMeasurement(_ arguments: [String], capabilityMask: String) -> Double? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["OPENSSL_ia32cap"] = capabilityMask
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
}

func jsonNumber(_ value: Double?) -> String {
    guard let value else { return "null" }
    return String(format: "%.3f", value)
}

func report(name: String, ns: Double, referenceName: String?, referenceNs: Double?, bytes: Int, json: Bool) {
    let ratio = referenceNs.map { ns / $0 }
    if json {
        let reference = referenceName.map { "\"\($0)\"" } ?? "null"
        print("{\"name\": \"\(name)\", \"ns_per_op\": \(jsonNumber(ns)), \"reference\": \(reference), "
            + "\"reference_ns_per_op\": \(jsonNumber(referenceNs)), \"ratio\": \(jsonNumber(ratio))}")
    } else {
        let mbps = Double(bytes) / ns * 1000
        var line = name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%12.1f ns", ns)
            + (bytes > 0 ? String(format: "  %8.1f MB/s", mbps) : String(repeating: " ", count: 15))
        if let referenceName, let referenceNs, let ratio {
            line += String(format: "   %@ %10.1f ns   ratio %.3f", referenceName.padding(toLength: 18, withPad: " ", startingAt: 0), referenceNs, ratio)
        }
        print(line)
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--child-openssl-sha256", arguments.count == 2, let size = Int(arguments[1]) {
    childOpenSSLSHA256(size: size)
    exit(0)
}
if arguments.first == "--child-openssl-rsa", arguments.count == 2, let bits = Int(arguments[1]) {
    childOpenSSLRSAVerify(bits: bits)
    exit(0)
}
if arguments.contains("--help") || arguments.contains("-h") {
    print("""
        USAGE: ckbcrypto-bench [FILTER] [--json]

        Runs each benchmark whose name contains FILTER (all when omitted) and prints one line per
        operation: Swift ns/op, the reference library's ns/op in the same run, and their ratio.
        --json prints one JSON object per line instead.
        """)
    exit(0)
}
let json = arguments.contains("--json")
let filters = arguments.filter { !$0.hasPrefix("--") }
if let unknown = arguments.first(where: { $0.hasPrefix("--") && $0 != "--json" }) {
    FileHandle.standardError.write(Data("ckbcrypto-bench: unknown option \(unknown)\n".utf8))
    exit(2)
}

// MARK: - VM

/// The committed BLAKE2b guest (Tests/CKBVMTests/Programs/blake2b.c), found from this file.
let guestPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Tests/CKBVMTests/Programs/build/blake2b.elf").standardizedFileURL.path

func qemuPath() -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let path = "\(dir)/qemu-riscv64"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// MIPS of this machine on a compute-heavy guest, with qemu-riscv64 (a JIT) on the same ELF.
func benchVM(json: Bool) {
    guard let elf = FileManager.default.contents(atPath: guestPath).map(Array.init) else {
        FileHandle.standardError.write(Data("ckbcrypto-bench: \(guestPath) not found; skipping vm\n".utf8))
        return
    }
    let kib = "8192"
    let arguments = [Array("blake2b".utf8), Array(kib.utf8)]
    var instructions: UInt64 = 0
    var cycles: UInt64 = 0
    func runOnce() {
        let machine = Machine(version: .v2, maxCycles: UInt64.max)
        try! machine.load(program: elf, arguments: arguments)
        blackHole(try! machine.run())
        instructions = machine.instructionsRetired
        cycles = machine.cycles
    }
    var ours: [Double] = []
    var theirs: [Double] = []
    let qemu = qemuPath()
    for _ in 0..<5 {
        let start = now()
        runOnce()
        ours.append(Double(now() - start))
        if let qemu {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: qemu)
            process.arguments = [guestPath, kib]
            let begin = now()
            try? process.run()
            process.waitUntilExit()
            theirs.append(Double(now() - begin))
        }
    }
    let ns = median(ours)
    let referenceNs = theirs.isEmpty ? nil : median(theirs)
    let mips = Double(instructions) / ns * 1000
    let referenceMips = referenceNs.map { Double(instructions) / $0 * 1000 }
    let name = "vm/blake2b-8MiB"
    if json {
        print("{\"name\": \"\(name)\", \"ns_per_op\": \(jsonNumber(ns)), \"reference\": \(qemu == nil ? "null" : "\"qemu-riscv64\""), "
            + "\"reference_ns_per_op\": \(jsonNumber(referenceNs)), \"ratio\": \(jsonNumber(referenceNs.map { ns / $0 })), "
            + "\"instructions\": \(instructions), \"mips\": \(jsonNumber(mips)), \"reference_mips\": \(jsonNumber(referenceMips)), "
            + "\"cycles\": \(cycles), \"cycles_per_second\": \(jsonNumber(Double(cycles) / ns * 1e9))}")
    } else {
        var line = name.padding(toLength: 34, withPad: " ", startingAt: 0)
            + String(format: "%12.1f ms  %8.1f MIPS  %6.1f M cycles/s  (%llu instructions, %llu cycles)",
                     ns / 1e6, mips, Double(cycles) / ns * 1e3, instructions, cycles)
        if let referenceNs, let referenceMips {
            line += String(format: "   qemu-riscv64 %8.1f ms  %8.1f MIPS", referenceNs / 1e6, referenceMips)
        }
        print(line)
    }
}

let largest = operations.map(\.byteCount).max()!
let input = UnsafeMutableRawBufferPointer.allocate(byteCount: largest, alignment: 64)
for i in 0..<largest { input[i] = UInt8(truncatingIfNeeded: i &* 131 &+ 17) }

var ran = 0
for operation in operations where filters.isEmpty || filters.contains(where: { operation.name.contains($0) }) {
    let data = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(input)[0..<operation.byteCount])
    let (ns, referenceNs) = measure({ operation.swift(data) }, operation.reference.map { body in { body(data) } })
    report(name: operation.name, ns: ns, referenceName: operation.referenceName, referenceNs: referenceNs,
           bytes: operation.byteCount, json: json)
    ran += 1
    if operation.name.hasPrefix("sha256/1MiB") {
        // The same figure against OpenSSL with its SHA extensions masked (its AVX2 code path).
        let masked = maskedOpenSSLSHA256(size: operation.byteCount)
        report(name: operation.name + "/openssl-no-sha-ext", ns: ns, referenceName: "openssl-no-sha-ext",
               referenceNs: masked, bytes: operation.byteCount, json: json)
    }
}
ran += benchSecp256k1(filters: filters, json: json)
ran += benchRSA(filters: filters, json: json)
ran += benchModExp(filters: filters, json: json)
ran += benchX509(filters: filters, json: json)
ran += benchDKIM(filters: filters, json: json)
ran += benchEd25519(filters: filters, json: json)
if filters.isEmpty || filters.contains(where: { "vm/blake2b-8MiB".contains($0) }) {
    benchVM(json: json)
    ran += 1
}
if ran == 0 {
    FileHandle.standardError.write(Data("ckbcrypto-bench: no benchmark matches \(filters.joined(separator: " "))\n".utf8))
    exit(2)
}
