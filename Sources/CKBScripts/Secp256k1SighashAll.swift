import CKBChain
import CKBHash
import CKBSecp256k1

/// The off-chain half of `secp256k1_sighash_all`, this project's twin of CKB's genesis default
/// lock (`secp256k1_blake160_sighash_all`): the same args, witness and message, and the same
/// accept/reject decisions (`spec/ckb.md` §7).
///
/// - args: 20 bytes, blake160 of the owner's 33-byte compressed public key.
/// - witness of the group's first input: `WitnessArgs` whose `lock` is the 65-byte recoverable
///   signature `r || s || recovery id` of the ``SighashAll`` message.
public enum Secp256k1SighashAll {
    /// The genesis default lock's code hash under `hash_type = type` (mainnet and testnet).
    public static let genesisTypeHash: Byte32 = hex("9bd7e06f3ecf4be0f2fcd2188b23f1b9fcc88e5d4b65a8637b17723bbda3cce8")
    /// The genesis default lock binary's data hash (`hash_type = data`, `data1`, `data2`).
    public static let genesisDataHash: Byte32 = hex("709f3fda12f561cfacf92273c57a98fede188a3f1a59b1f888d113f9cce08649")
    /// Bytes of the witness lock field: r, s, recovery id.
    public static let signatureSize = 65

    private static func hex(_ text: String) -> Byte32 {
        var out: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while let high = chars.popFirst(), let low = chars.popFirst() {
            func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
            out.append(nibble(high) << 4 | nibble(low))
        }
        return out
    }

    /// The bundled twin.
    public static var contract: Contract { get throws(ContractLoadingError) { try Contract(named: "secp256k1_sighash_all") } }

    /// The lock args for a public key.
    public static func args(for publicKey: Secp256k1.PublicKey) -> [UInt8] {
        blake160(publicKey.compressedRepresentation).bytes
    }

    /// Whether `script` is the genesis default lock or this project's twin (by code hash).
    public static func isDefaultLock(_ script: Script, twinDataHash: Byte32? = nil) -> Bool {
        if script.hashType == ScriptHashType.type.rawValue { return script.codeHash == genesisTypeHash }
        return script.codeHash == genesisDataHash || (twinDataHash.map { script.codeHash == $0 } ?? false)
    }

    /// Signs the group whose inputs are `inputIndices` (ascending): makes room for the
    /// signature in the first group witness (creating `WitnessArgs` when the witness is absent or
    /// empty; an existing one keeps its `input_type` and `output_type`), computes the message and
    /// stores the signature. Returns the message.
    @discardableResult
    public static func sign(_ tx: inout Transaction, inputIndices: [Int], key: Secp256k1.PrivateKey) throws -> Byte32 {
        guard let first = inputIndices.first else {
            throw SighashAll.Failure(.missingWitness, "the group has no inputs")
        }
        while tx.witnesses.count <= first { tx.witnesses.append([]) }
        var args = tx.witnesses[first].isEmpty ? WitnessArgs() : try WitnessArgs(molecule: tx.witnesses[first])
        args.lock = [UInt8](repeating: 0, count: signatureSize)
        tx.witnesses[first] = args.molecule
        let message = try SighashAll.message(tx, inputIndices: inputIndices, lockLength: signatureSize)
        args.lock = try key.recoverableSignature(for: message).rawRepresentation
        tx.witnesses[first] = args.molecule
        return message
    }

    /// The off-chain verdict on a group: nil when the lock accepts it, else the exit code the
    /// on-chain script stops with.
    public static func verify(_ tx: Transaction, inputIndices: [Int], args: [UInt8]) -> ContractError? {
        guard args.count == 20 else { return .argsLength }
        let message: Byte32
        do {
            message = try SighashAll.message(tx, inputIndices: inputIndices, lockLength: signatureSize)
        } catch {
            return ContractError(error)
        }
        let lock = try! WitnessArgs(molecule: tx.witnesses[inputIndices[0]]).lock!
        guard let signature = try? Secp256k1.RecoverableSignature(rawRepresentation: lock) else { return .signature }
        guard let publicKey = try? signature.recoverPublicKey(for: message) else { return .recover }
        return Self.args(for: publicKey) == args ? nil : .mismatch
    }
}

extension ContractError {
    /// The exit code a lock stops with when the group has no `sighash_all` message.
    init(_ failure: SighashAll.Failure) {
        switch failure.kind {
        case .missingWitness: self = .noWitness
        case .encoding: self = .encoding
        case .lockLength: self = .signature
        case .witnessSize: self = .witnessSize
        }
    }
}

/// Builds and runs transactions whose inputs are locked by a lock contract under test (by
/// `data2`, VM2) or by `always_success`, with both contracts as cell deps.
public struct LockScriptHarness: Sendable {
    public let contract: Contract
    public let alwaysSuccess: Contract

    public init(contract: Contract) throws(ContractLoadingError) {
        self.contract = contract
        alwaysSuccess = try Contract.alwaysSuccess
    }

    /// The lock script of the contract under test with `args`.
    public func lock(args: [UInt8]) -> Script {
        Script(codeHash: contract.dataHash, hashType: ScriptHashType.data2.rawValue, args: args)
    }

    /// The `always_success` lock.
    public var anyoneCanSpend: Script {
        Script(codeHash: alwaysSuccess.dataHash, hashType: ScriptHashType.data2.rawValue, args: [])
    }

    /// A transaction spending one cell per entry of `locks` into one output; witnesses empty.
    public func transaction(locks: [Script], seed: UInt8 = 0) -> Transaction {
        var tx = Transaction()
        tx.raw.cellDeps = [OutPoint(txHash: [UInt8](repeating: 0xD1, count: 32), index: 0),
                           OutPoint(txHash: [UInt8](repeating: 0xD2, count: 32), index: 0)].map { CellDep(outPoint: $0, depType: CellDep.code) }
        tx.raw.inputs = locks.indices.map {
            CellInput(since: 0, previousOutput: OutPoint(txHash: [UInt8](repeating: seed, count: 31) + [UInt8($0)], index: UInt32($0)))
        }
        tx.raw.outputs = [CellOutput(capacity: 61 * 100_000_000, lock: anyoneCanSpend)]
        tx.raw.outputsData = [[]]
        return tx
    }

    /// `tx` resolved: input i is a 1,000 CKB cell locked by `locks[i]`.
    public func resolve(_ tx: Transaction, locks: [Script]) -> ResolvedTransaction {
        let anyone = Script(codeHash: [UInt8](repeating: 0, count: 32), hashType: 0, args: [])
        let deps = [ResolvedCell(outPoint: tx.raw.cellDeps[0].outPoint, output: CellOutput(capacity: 0, lock: anyone), data: alwaysSuccess.binary),
                    ResolvedCell(outPoint: tx.raw.cellDeps[1].outPoint, output: CellOutput(capacity: 0, lock: anyone), data: contract.binary)]
        let inputs = zip(tx.raw.inputs, locks).map { input, lock in
            ResolvedCell(outPoint: input.previousOutput, output: CellOutput(capacity: 1000 * 100_000_000, lock: lock), data: [])
        }
        return ResolvedTransaction(transaction: tx, inputs: inputs, cellDeps: deps, headerDeps: [])
    }

    /// The results of the groups locked by the contract under test.
    public func run(_ tx: ResolvedTransaction, verifier: TransactionVerifier = TransactionVerifier()) -> [GroupResult] {
        verifier.verify(tx).groups.filter { group in
            group.kind == .lock && tx.inputs.contains { $0.output.lock.hash == group.scriptHash && $0.output.lock.codeHash == contract.dataHash }
        }
    }
}
