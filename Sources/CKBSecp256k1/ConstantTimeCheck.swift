/// The hook of the constant-time check (`scripts/ct-check`, which runs the signing path under
/// valgrind's memcheck with the private key marked undefined, so that any branch or memory index
/// that depends on it is reported).
///
/// A few values computed from secrets may be branched on because they are public by then (the
/// signature, the public key) or reveal nothing (whether an RFC 6979 candidate is in range, a
/// chance of 2^-128). The code passes them through ``publish(_:)``, which tells the checker they
/// are public, as libsecp256k1's `secp256k1_declassify` does. Outside the checker it does
/// nothing.
package enum ConstantTimeCheck {
    /// Installed by the checker: marks memory as defined.
    nonisolated(unsafe) package static var declassify: ((UnsafeRawPointer, Int) -> Void)?

    @inline(__always)
    static func publish<T>(_ value: T) -> T {
        guard let declassify else { return value }
        var copy = value
        withUnsafeBytes(of: &copy) { declassify($0.baseAddress!, $0.count) }
        return copy
    }
}
