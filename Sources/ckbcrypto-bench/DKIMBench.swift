import CKBBytes
import CKBDKIM
import CKBHash
import CKBRSA
import CKBScripts
import Foundation

/// DKIM verification of a 10 KB message with an RSA-2048 signature (relaxed/relaxed), the key
/// given in memory: CKBDKIM against dkimpy's verify() on the same bytes (Tools/bench_dkimpy.py,
/// in a child process; skipped when dkimpy is not installed). The message is signed here with
/// the published throwaway key RSAFixtures.signingKey2048.
func benchDKIM(filters: [String], json: Bool) -> Int {
    let name = "dkim/verify-10KB-rsa2048"
    guard filters.isEmpty || filters.contains(where: { name.contains($0) }) else { return 0 }
    let line = "The quick brown fox jumps over the lazy dog; DKIM bench body line of about 72 bytes.\r\n"
    let body = Array(String(repeating: line, count: 10_240 / line.utf8.count).utf8)
    let headers = "From: Alice <alice@example.com>\r\nTo: bob@example.org\r\nSubject: bench\r\nDate: Mon, 1 Jun 2026 00:00:00 +0000\r\n"
    // Single spaces and no trailing whitespace: the relaxed body is the body itself.
    let bodyHash = Base64.encode(SHA256.hash(body).bytes)
    let stub = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=bench;\r\n h=from:to:subject:date; bh=\(bodyHash);\r\n b="
    // Sign: the header hash input with b= empty, then the signature in place.
    let unsigned = Array((stub + "AAAA\r\n" + headers + "\r\n").utf8) + body
    let message0 = try! DKIMMessage(unsigned)
    let signature0 = try! DKIMSignature(field: message0.fields[0])
    let digest = SHA256.hash(signature0.headerHashInput(message0)).bytes
    let signature = RSAFixtures.signVariableTime(digest: digest, hash: .sha256, key: RSAFixtures.signingKey2048,
                                                 privateExponent: RSAFixtures.privateExponent2048)
    let bytes = Array((stub + Base64.encode(signature) + "\r\n" + headers + "\r\n").utf8) + body
    let record = "v=DKIM1; k=rsa; p=" + Base64.encode(RSAFixtures.signingKey2048.pkcs1DERRepresentation)
    let keys = DKIMFileKeyProvider(entries: ["bench._domainkey.example.com": .records([record])])
    let verifier = DKIMVerifier(keys: keys, time: nil)
    func ours() -> Bool { (try? DKIMMessage(bytes)).map { verifier.verify($0).result == .pass } ?? false }
    precondition(ours(), "the bench message does not verify")
    let (ns, _) = measure({ blackHole(ours()) }, nil)
    // dkimpy on the same bytes.
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("ckbcrypto-dkim-bench.eml")
    try? Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "Tools/bench_dkimpy.py", file.path, "bench._domainkey.example.com", record]
    let pipe = Pipe()
    process.standardOutput = pipe
    var referenceNs: Double?
    if (try? process.run()) != nil {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        referenceNs = Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    report(name: name, ns: ns, referenceName: referenceNs == nil ? nil : "dkimpy", referenceNs: referenceNs, bytes: bytes.count, json: json)
    if !json { print(String(format: "  %.0f messages per second per core (target 10,000)", 1e9 / ns)) }
    return 1
}
