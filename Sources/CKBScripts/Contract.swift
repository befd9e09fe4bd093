import CKBChain
import CKBHash
import Foundation

/// One of the project's contracts: a RISC-V ELF built from `Contracts/scripts/` and bundled with
/// the package, so it can be deployed or run from any directory.
public struct Contract: Sendable, Hashable {
    /// The script's name (its source file's, without the extension).
    public let name: String
    /// The ELF bytes, exactly as `Contracts/build/` holds them.
    public let binary: [UInt8]

    /// The script's code hash under `data`, `data1` or `data2`: the CKB hash of the binary.
    public var dataHash: Byte32 { BlockHashes.dataHash(binary) }

    /// Loads a bundled contract.
    /// - Throws: ``ContractLoadingError`` when the package was built without it.
    public init(named name: String) throws(ContractLoadingError) {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Contracts"),
              let data = try? Data(contentsOf: url) else {
            throw ContractLoadingError(name: name)
        }
        self.name = name
        self.binary = Array(data)
    }

    /// `hash_check` (type script): data of every group output must hash to the args' digest.
    public static var hashCheck: Contract { get throws(ContractLoadingError) { try Contract(named: "hash_check") } }
    /// `always_success`: accepts anything (the lock of the cross-check's inputs).
    public static var alwaysSuccess: Contract { get throws(ContractLoadingError) { try Contract(named: "always_success") } }

    /// Every bundled contract's name.
    public static var names: [String] {
        guard let url = Bundle.module.url(forResource: "Contracts", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return files.filter { $0 != "SHA256SUMS" }.sorted()
    }
}

/// A contract the package does not bundle.
public struct ContractLoadingError: Error, Sendable, CustomStringConvertible {
    public let name: String
    public var description: String { "no bundled contract named \(name) (Contracts/build)" }
}
