import CKBChain
import CKBHash

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
        let lock = harness.lock
        let tx = harness.transaction(args: HashCheck.args(.ckb, expected: ckbHash([]).bytes)!, data: [])
        let lockGroup = TransactionVerifier().verify(tx).groups.first { $0.kind == .lock }
        rows.append(ContractMeasurement(contract: lock.name, size: lock.binary.count, codeHash: lock.dataHash,
                                        scenario: "any transaction", cycles: lockGroup?.cycles ?? 0, ok: lockGroup?.ok ?? false))
        return rows
    }
}
