import CKBBytes
import CKBChain
import CKBHash
import CKBRSA
import CKBSecp256k1

/// What each contract costs on its reference cases, measured by running them in the validator.
public struct ContractMeasurement: Sendable {
    /// The contract's name.
    public let contract: String
    /// ELF size in bytes.
    public let size: Int
    /// Code hash under `data`/`data1`/`data2`.
    public let codeHash: Byte32
    /// The reference case.
    public let scenario: String
    /// The script group's cycles.
    public let cycles: UInt64
    /// Whether the script accepted (every reference case is one it must accept).
    public let ok: Bool

    /// Measures every bundled contract: `hash_check` for each algorithm on empty data and on
    /// 64 KiB (the difference over 65,536 is its cost per byte).
    public static func all() throws(ContractLoadingError) -> [ContractMeasurement] {
        let harness = try TypeScriptHarness(contract: .hashCheck)
        let contract = harness.contract
        var rows: [ContractMeasurement] = []
        let algorithms: [(String, HashAlgorithm)] = [
            ("ckb hash", .ckb), ("sha256", .sha256), ("eaglesong", .eaglesong),
            ("blake2b-512 keyed", .blake2b(digestByteCount: 64, key: Array(repeating: 0x4B, count: 32))),
        ]
        let big = (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for (label, algorithm) in algorithms {
            for data in [[], big] {
                // Every algorithm here has a digest the script can name: args always exist.
                let args = HashCheck.args(algorithm, expected: (try? algorithm.hash(data).bytes) ?? [])!
                let group = harness.run(harness.transaction(args: args, data: data))
                rows.append(ContractMeasurement(contract: contract.name, size: contract.binary.count, codeHash: contract.dataHash,
                                                scenario: "\(label), \(data.count) bytes", cycles: group?.cycles ?? 0,
                                                ok: group?.ok ?? false))
            }
        }
        let vector = try TypeScriptHarness(contract: .hashVector)
        for data in [[], big] {
            let witness = HashVector.witness(.ckb, expected: ckbHash(data).bytes, message: data)!
            let group = vector.run(vector.transaction(args: [], data: [], witness: witness))
            rows.append(ContractMeasurement(contract: vector.contract.name, size: vector.contract.binary.count,
                                            codeHash: vector.contract.dataHash, scenario: "ckb hash, \(data.count) bytes",
                                            cycles: group?.cycles ?? 0, ok: group?.ok ?? false))
        }
        let pow = try TypeScriptHarness(contract: .powCheck)
        for network in ProofOfWork.Network.allCases {
            for count in [1, 3] {
                let headers = PowCheck.easyChain(count, network: network)
                let group = pow.run(pow.transaction(args: PowCheck.args(network), data: [], headers: headers))
                rows.append(ContractMeasurement(contract: pow.contract.name, size: pow.contract.binary.count,
                                                codeHash: pow.contract.dataHash, scenario: "\(network.rawValue), \(count) header(s)",
                                                cycles: group?.cycles ?? 0, ok: group?.ok ?? false))
            }
        }
        // The default-lock twin: one group of one input, and one group of three inputs, each
        // signed with a fixed key; and the ECDSA vector script on one SHA-256 signature.
        let twin = try LockScriptHarness(contract: Secp256k1SighashAll.contract)
        let key = try! Secp256k1.PrivateKey(rawRepresentation: (1...32).map { UInt8($0) })
        let script = twin.lock(args: Secp256k1SighashAll.args(for: key.publicKey))
        for inputs in [1, 3] {
            let locks = [Script](repeating: script, count: inputs)
            var signed = twin.transaction(locks: locks)
            try! Secp256k1SighashAll.sign(&signed, inputIndices: Array(0..<inputs), key: key)
            let group = twin.run(twin.resolve(signed, locks: locks)).first
            rows.append(ContractMeasurement(contract: twin.contract.name, size: twin.contract.binary.count,
                                            codeHash: twin.contract.dataHash, scenario: "one group, \(inputs) input(s)",
                                            cycles: group?.cycles ?? 0, ok: group?.ok ?? false))
        }
        let ecdsa = try TypeScriptHarness(contract: ECDSAVector.contract)
        let message = Array("ckbcrypto".utf8)
        let signature = try! key.signature(for: SHA256.hash(message).bytes)
        let witness = ECDSAVector.witness(publicKey: key.publicKey.compressedRepresentation, signature: signature.derRepresentation,
                                          encoding: .der, allowingHighS: false, message: message)!
        let ecdsaGroup = ecdsa.run(ecdsa.transaction(args: [], data: [], witness: witness))
        rows.append(ContractMeasurement(contract: ecdsa.contract.name, size: ecdsa.contract.binary.count,
                                        codeHash: ecdsa.contract.dataHash, scenario: "one DER signature, SHA-256 of 9 bytes",
                                        cycles: ecdsaGroup?.cycles ?? 0, ok: ecdsaGroup?.ok ?? false))

        // ed25519_vector on RFC 8032 section 7.1 TEST 1 (the empty message) and TEST 3 (two bytes).
        let ed25519 = try TypeScriptHarness(contract: Ed25519Vector.contract)
        for (name, key, signature, message) in Ed25519Fixtures.rfc8032 {
            let group = ed25519.run(ed25519.transaction(args: [], data: [], witness: Ed25519Vector.witness(publicKey: key, signature: signature, message: message)!))
            rows.append(ContractMeasurement(contract: ed25519.contract.name, size: ed25519.contract.binary.count,
                                            codeHash: ed25519.contract.dataHash, scenario: "RFC 8032 \(name), \(message.count)-byte message",
                                            cycles: group?.cycles ?? 0, ok: group?.ok ?? false))
        }

        // rsa_vector on PKCS#1 v1.5 SHA-256 signatures with 2048- and 4096-bit keys.
        let rsa = try TypeScriptHarness(contract: RSAVector.contract)
        for (key, signature) in [(RSAFixtures.key2048, RSAFixtures.signature2048), (RSAFixtures.key4096, RSAFixtures.signature4096)] {
            let witness = RSAVector.witness(key: key, signature: signature, padding: .pkcs1v15(.sha256), message: RSAFixtures.message)!
            let group = rsa.run(rsa.transaction(args: [], data: [], witness: witness))
            rows.append(ContractMeasurement(contract: rsa.contract.name, size: rsa.contract.binary.count,
                                            codeHash: rsa.contract.dataHash, scenario: "RSA-\(key.bitCount) PKCS#1 v1.5 SHA-256",
                                            cycles: group?.cycles ?? 0, ok: group?.ok ?? false))
        }
        // rsa_sighash_all: one group of one input, signed with the published throwaway keys.
        let rsaLock = try LockScriptHarness(contract: RSASighashAll.contract)
        for (key, exponent) in [(RSAFixtures.signingKey2048, RSAFixtures.privateExponent2048),
                                (RSAFixtures.signingKey4096, RSAFixtures.privateExponent4096)] {
            let padding = RSA.Padding.pkcs1v15(.sha256)
            let locks = [rsaLock.lock(args: RSASighashAll.args(for: key))]
            var tx = rsaLock.transaction(locks: locks)
            let message = try! RSASighashAll.prepare(&tx, inputIndices: [0], key: key, padding: padding)
            let signature = RSAFixtures.signVariableTime(digest: SHA256.hash(message).bytes, hash: .sha256,
                                                         key: key, privateExponent: exponent)
            try! RSASighashAll.attach(&tx, inputIndices: [0], key: key, padding: padding, signature: signature)
            let group = rsaLock.run(rsaLock.resolve(tx, locks: locks)).first
            rows.append(ContractMeasurement(contract: rsaLock.contract.name, size: rsaLock.contract.binary.count,
                                            codeHash: rsaLock.contract.dataHash,
                                            scenario: "one group, RSA-\(key.bitCount) PKCS#1 v1.5 SHA-256",
                                            cycles: group?.cycles ?? 0, ok: group?.ok ?? false))
        }

        // x509_identity: a 3-certificate RSA-2048 chain (X509Fixtures) and the leaf key's
        // signature, the args pinning the root and the leaf's email address.
        rows.append(try X509Identity.measure())

        // x509_vector: the same chain checked alone.
        let x509 = try TypeScriptHarness(contract: X509Identity.vectorContract)
        let chainWitness = X509Identity.vectorWitness(chain: X509Fixtures.chain, time: X509Fixtures.validationTime)!
        let x509Group = x509.run(x509.transaction(args: [], data: [], witness: chainWitness))
        rows.append(ContractMeasurement(contract: x509.contract.name, size: x509.contract.binary.count, codeHash: x509.contract.dataHash,
                                        scenario: "3 RSA-2048 certificates", cycles: x509Group?.cycles ?? 0, ok: x509Group?.ok ?? false))

        let lock = harness.lock
        let tx = harness.transaction(args: HashCheck.args(.ckb, expected: ckbHash([]).bytes)!, data: [])
        let lockGroup = TransactionVerifier().verify(tx).groups.first { $0.kind == .lock }
        rows.append(ContractMeasurement(contract: lock.name, size: lock.binary.count, codeHash: lock.dataHash,
                                        scenario: "any transaction", cycles: lockGroup?.cycles ?? 0, ok: lockGroup?.ok ?? false))
        return rows
    }
}

/// RFC 8032 section 7.1's test vectors measured by ``ContractMeasurements``.
enum Ed25519Fixtures {
    static func hex(_ s: String) -> [UInt8] { try! [UInt8](hex: s) }

    static let rfc8032: [(String, [UInt8], [UInt8], [UInt8])] = [
        ("TEST 1", hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
         hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
         []),
        ("TEST 3", hex("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025"),
         hex("6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
         hex("af82")),
    ]
}
