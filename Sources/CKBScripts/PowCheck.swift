import CKBChain
import CKBVectors

/// The off-chain half of `pow_check` (Contracts/scripts/pow_check.c): a type script that accepts
/// a transaction when its header deps carry valid proof of work and form a chain in the order
/// listed.
public enum PowCheck {
    /// The script args: one byte, 0 for mainnet, 1 for testnet.
    public static func args(_ network: ProofOfWork.Network) -> [UInt8] {
        [network == .mainnet ? 0 : 1]
    }

    /// The verdict the script must reach on `headers`, by `CKBChain`: nil when they pass, else
    /// the contract's exit code for the first problem (the script checks header by header, proof
    /// of work before linkage).
    public static func expectedFailure(_ headers: [Header], network: ProofOfWork.Network) -> ContractError? {
        if headers.isEmpty { return .noHeaders }
        for (i, header) in headers.enumerated() {
            if ProofOfWork.target(compact: header.raw.compactTarget) == nil { return .compactTarget }
            if ProofOfWork.verify(header, network: network) != nil { return .pow }
            if i > 0 {
                let previous = headers[i - 1]
                guard header.raw.parentHash == previous.hash, header.raw.number == previous.raw.number &+ 1 else { return .linkage }
            }
        }
        return nil
    }

    /// `count` linked headers (numbers 1000, 1001, ...) under an easy target (compact
    /// 0x20ffffff), each with the first nonce that meets it: cases for tests and measurement
    /// (checking costs the same whatever the target).
    public static func easyChain(_ count: Int, network: ProofOfWork.Network) -> [Header] {
        var headers: [Header] = []
        for i in 0..<count {
            var raw = RawHeader()
            raw.compactTarget = 0x20FF_FFFF
            raw.number = 1_000 + UInt64(i)
            if let previous = headers.last { raw.parentHash = previous.hash }
            var header = Header(raw: raw, nonce: 0)
            while ProofOfWork.verify(header, network: network) != nil { header.nonce += 1 }
            headers.append(header)
        }
        return headers
    }
}

extension Contract {
    /// `pow_check` (type script): the header deps' proof of work and linkage.
    public static var powCheck: Contract { get throws(ContractLoadingError) { try Contract(named: "pow_check") } }
}

extension VectorJudges {
    /// The judges CKBChain provides: header chains by ``PowCheck/expectedFailure(_:network:)``
    /// (malformed headers or an unknown network are refused).
    public static let chain = VectorJudges(headerChain: { network, headers in
        guard let network = ProofOfWork.Network(rawValue: network),
              let parsed = try? headers.map({ bytes throws(MoleculeError) in try Header(molecule: bytes) }) else { return false }
        return PowCheck.expectedFailure(parsed, network: network) == nil
    })
}
