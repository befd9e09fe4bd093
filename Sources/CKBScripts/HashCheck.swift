import CKBChain
import CKBHash

/// The off-chain half of `hash_check` (Contracts/scripts/hash_check.c): a type script whose
/// args name a hash algorithm and a digest; it accepts a transaction when the data of every
/// output in its group hashes to that digest.
public enum HashCheck {
    /// The algorithm byte of the args.
    public enum AlgorithmID: UInt8, Sendable {
        case ckb = 0, sha256 = 1, eaglesong = 2, blake2b = 3
    }

    /// The script args for `algorithm` and the `expected` digest, laid out as the script reads
    /// them; nil when the script cannot express the check (HMAC, SHA-384 and SHA-512, a salt or
    /// personalization over 16 bytes, a digest length that is not the algorithm's).
    public static func args(_ algorithm: HashAlgorithm, expected: [UInt8]) -> [UInt8]? {
        switch algorithm {
        case .ckb: return expected.count == 32 ? [AlgorithmID.ckb.rawValue] + expected : nil
        case .sha256: return expected.count == 32 ? [AlgorithmID.sha256.rawValue] + expected : nil
        case .eaglesong: return expected.count == 32 ? [AlgorithmID.eaglesong.rawValue] + expected : nil
        case .blake2b(let n, let key, let salt, let personal):
            guard (1...64).contains(n), key.count <= 64, salt.count <= 16, personal.count <= 16, expected.count == n else {
                return nil
            }
            let pad = { (bytes: [UInt8]) in bytes + [UInt8](repeating: 0, count: 16 - bytes.count) }
            return [AlgorithmID.blake2b.rawValue, UInt8(n), UInt8(key.count)] + pad(salt) + pad(personal) + key + expected
        case .hmacSHA256, .sha384, .sha512:
            return nil
        }
    }
}

/// The off-chain half of `hash_vector` (Contracts/scripts/hash_vector.c), the vector script for
/// hashes: one test case in the witness of the group's first output.
public enum HashVector {
    /// The witness: the hash specification (the same bytes as ``HashCheck/args(_:expected:)``)
    /// followed by the message; nil when the script cannot express the check.
    public static func witness(_ algorithm: HashAlgorithm, expected: [UInt8], message: [UInt8]) -> [UInt8]? {
        HashCheck.args(algorithm, expected: expected).map { $0 + message }
    }
}

extension Contract {
    /// `hash_vector` (type script): one hash test case from the witness.
    public static var hashVector: Contract { get throws(ContractLoadingError) { try Contract(named: "hash_vector") } }
}

/// Builds the smallest transaction that runs one type script over one output: an input and the
/// output both locked by `always_success`, the script under test as the output's type script
/// (`data2`, VM2), and both contracts as cell deps.
public struct TypeScriptHarness: Sendable {
    public let lock: Contract
    public let contract: Contract

    public init(contract: Contract) throws(ContractLoadingError) {
        self.lock = try Contract.alwaysSuccess
        self.contract = contract
    }

    /// The transaction whose only output carries `data` and the type script with `args`.
    public func transaction(args: [UInt8], data: [UInt8], witness: [UInt8]? = nil, headers: [Header] = []) -> ResolvedTransaction {
        let lockScript = Script(codeHash: lock.dataHash, hashType: ScriptHashType.data2.rawValue, args: [])
        let typeScript = Script(codeHash: contract.dataHash, hashType: ScriptHashType.data2.rawValue, args: args)
        var output = CellOutput(capacity: 0, lock: lockScript, type: typeScript)
        let shannons = output.occupiedBytes(dataCount: data.count).multipliedReportingOverflow(by: 100_000_000)
        output.capacity = shannons.overflow ? .max : shannons.partialValue
        let depPoints = [OutPoint(txHash: [UInt8](repeating: 0xD1, count: 32), index: 0),
                         OutPoint(txHash: [UInt8](repeating: 0xD2, count: 32), index: 0)]
        let inputPoint = OutPoint(txHash: [UInt8](repeating: 0x1A, count: 32), index: 0)
        let anyone = Script(codeHash: [UInt8](repeating: 0, count: 32), hashType: 0, args: [])
        let deps = [ResolvedCell(outPoint: depPoints[0], output: CellOutput(capacity: 0, lock: anyone), data: lock.binary),
                    ResolvedCell(outPoint: depPoints[1], output: CellOutput(capacity: 0, lock: anyone), data: contract.binary)]
        let input = ResolvedCell(outPoint: inputPoint, output: CellOutput(capacity: output.capacity, lock: lockScript), data: [])
        var tx = Transaction()
        tx.raw.cellDeps = depPoints.map { CellDep(outPoint: $0, depType: CellDep.code) }
        tx.raw.inputs = [CellInput(since: 0, previousOutput: inputPoint)]
        tx.raw.outputs = [output]
        tx.raw.outputsData = [data]
        if let witness { tx.witnesses = [witness] }
        tx.raw.headerDeps = headers.map(\.hash)
        return ResolvedTransaction(transaction: tx, inputs: [input], cellDeps: deps, headerDeps: headers)
    }

    /// Runs the transaction; returns the type script's verdict and cycles (the lock's excluded),
    /// or the failure that stopped it before the type script ran.
    public func run(_ tx: ResolvedTransaction, verifier: TransactionVerifier = TransactionVerifier()) -> GroupResult? {
        let result = verifier.verify(tx)
        return result.groups.first { $0.kind == .type }
    }
}
