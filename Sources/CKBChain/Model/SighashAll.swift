import CKBHash

/// The `sighash_all` signing message of a lock script group (`spec/ckb.md` §7), as CKB's
/// default lock computes it; every lock in this project that signs a whole transaction uses it.
///
/// CKB's hash of, in order: the transaction hash; the first group witness (a `WitnessArgs` whose
/// `lock` is replaced by zeros of the same length), preceded by its length as a little-endian
/// u64; every other group witness, and every witness beyond the inputs, each preceded by its
/// length.
public enum SighashAll {
    /// The largest witness the default lock hashes (bigger ones are refused).
    public static let maxWitnessSize = 32_768

    /// Why a group has no signing message.
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// The group has no inputs, or its first input has no witness.
            case missingWitness
            /// The first group witness is not strict `WitnessArgs`.
            case encoding
            /// The `lock` field is absent or not the expected length.
            case lockLength
            /// A witness the message covers is larger than ``SighashAll/maxWitnessSize``.
            case witnessSize
        }

        public let kind: Kind
        public let detail: String

        public init(_ kind: Kind, _ detail: String) {
            self.kind = kind
            self.detail = detail
        }

        public var description: String { detail }
    }

    /// The message for the group whose inputs are `inputIndices` (ascending), where the first
    /// group witness's lock must be exactly `lockLength` bytes (or, when nil, any length up to
    /// `maximumLockLength`).
    public static func message(_ tx: Transaction, inputIndices: [Int], lockLength: Int?, maximumLockLength: Int = .max) throws(Failure) -> Byte32 {
        guard let first = inputIndices.first, first < tx.witnesses.count else {
            throw Failure(.missingWitness, "the group's first input has no witness")
        }
        let witness = tx.witnesses[first]
        guard witness.count <= maxWitnessSize else {
            throw Failure(.witnessSize, "witness \(first) is \(witness.count) bytes, more than \(maxWitnessSize)")
        }
        let args: WitnessArgs
        do {
            args = try WitnessArgs(molecule: witness)
        } catch {
            throw Failure(.encoding, "witness \(first) is not WitnessArgs: \(error)")
        }
        guard let lock = args.lock, lock.count <= maximumLockLength, lockLength.map({ lock.count == $0 }) ?? true else {
            throw Failure(.lockLength, "witness \(first) lock is \(args.lock.map { "\($0.count) bytes" } ?? "absent"), expected \(lockLength.map { "\($0)" } ?? "at most \(maximumLockLength)") bytes")
        }
        var zeroed = args
        zeroed.lock = [UInt8](repeating: 0, count: lock.count)
        var hasher = CKBHasher()
        hasher.update(tx.hash)
        let firstBytes = zeroed.molecule
        hasher.update(Molecule.le64(UInt64(firstBytes.count)))
        hasher.update(firstBytes)
        func add(_ index: Int) throws(Failure) {
            let bytes = index < tx.witnesses.count ? tx.witnesses[index] : []
            guard bytes.count <= maxWitnessSize else {
                throw Failure(.witnessSize, "witness \(index) is \(bytes.count) bytes, more than \(maxWitnessSize)")
            }
            hasher.update(Molecule.le64(UInt64(bytes.count)))
            hasher.update(bytes)
        }
        for index in inputIndices.dropFirst() where index < tx.witnesses.count { try add(index) }
        var index = tx.raw.inputs.count
        while index < tx.witnesses.count {
            try add(index)
            index += 1
        }
        return hasher.finalize().bytes
    }
}
