import CKBChain

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
}

extension Contract {
    /// `pow_check` (type script): the header deps' proof of work and linkage.
    public static var powCheck: Contract { get throws(ContractLoadingError) { try Contract(named: "pow_check") } }
}
