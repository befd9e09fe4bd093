import CKBScripts
import CKBX509
import COpenSSL

/// A 3-certificate RSA-2048 chain (X509Fixtures: leaf, intermediate, root) validated from DER,
/// parsing included: CKBX509 against OpenSSL's `X509_verify_cert` (d2i_X509 of the three, a
/// store with the root, the intermediate untrusted, the fixture's time).
func benchX509(filters: [String], json: Bool) -> Int {
    let name = "x509/verify-3-rsa2048"
    guard filters.isEmpty || filters.contains(where: { name.contains($0) }) else { return 0 }
    let ders = X509Fixtures.chain.map(\.derBytes)
    let time = X509Fixtures.validationTime
    func ours() -> Bool {
        guard let leaf = try? Certificate(derEncoded: ders[0]), let ica = try? Certificate(derEncoded: ders[1]),
              let root = try? Certificate(derEncoded: ders[2]) else { return false }
        var policy = X509Policy(time: time)
        policy.extendedKeyUsage = [Extensions.clientAuth]
        if case .success = X509Verifier(trustAnchors: [root]).verify(leaf: leaf, intermediates: [ica], policy: policy) { return true }
        return false
    }
    func openssl() -> Bool {
        func parse(_ der: [UInt8]) -> OpaquePointer? {
            der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_X509(nil, &pointer, buffer.count)
            }
        }
        guard let leaf = parse(ders[0]), let ica = parse(ders[1]), let root = parse(ders[2]) else { return false }
        defer { X509_free(leaf); X509_free(ica); X509_free(root) }
        let store = X509_STORE_new()!
        defer { X509_STORE_free(store) }
        _ = X509_STORE_add_cert(store, root)
        let untrusted = OPENSSL_sk_new_null()!
        defer { OPENSSL_sk_free(untrusted) }
        _ = OPENSSL_sk_push(untrusted, UnsafeRawPointer(ica))
        let ctx = X509_STORE_CTX_new()!
        defer { X509_STORE_CTX_free(ctx) }
        _ = X509_STORE_CTX_init(ctx, store, leaf, untrusted)
        X509_STORE_CTX_set_time(ctx, 0, time_t(time.secondsSinceEpoch))
        return X509_verify_cert(ctx) == 1
    }
    precondition(ours(), "CKBX509 does not validate the fixture")
    precondition(openssl(), "OpenSSL does not validate the fixture")
    let (ns, referenceNs) = measure({ blackHole(ours()) }, { blackHole(openssl()) })
    report(name: name, ns: ns, referenceName: "openssl", referenceNs: referenceNs, bytes: 0, json: json)

    // Validation alone, the certificates parsed once beforehand (OpenSSL 3's d2i_X509 is most of
    // its figure above): the verifier against X509_verify_cert with a store made once.
    let parsed = X509Fixtures.chain
    var policy = X509Policy(time: time)
    policy.extendedKeyUsage = [Extensions.clientAuth]
    let verifier = X509Verifier(trustAnchors: [parsed[2]])
    let handles = ders.map { der in der.withUnsafeBufferPointer { buffer -> OpaquePointer in
        var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
        return d2i_X509(nil, &pointer, buffer.count)!
    } }
    defer { handles.forEach { X509_free($0) } }
    let store = X509_STORE_new()!
    defer { X509_STORE_free(store) }
    _ = X509_STORE_add_cert(store, handles[2])
    let untrusted = OPENSSL_sk_new_null()!
    defer { OPENSSL_sk_free(untrusted) }
    _ = OPENSSL_sk_push(untrusted, UnsafeRawPointer(handles[1]))
    func opensslParsed() -> Bool {
        let ctx = X509_STORE_CTX_new()!
        defer { X509_STORE_CTX_free(ctx) }
        _ = X509_STORE_CTX_init(ctx, store, handles[0], untrusted)
        X509_STORE_CTX_set_time(ctx, 0, time_t(time.secondsSinceEpoch))
        return X509_verify_cert(ctx) == 1
    }
    func oursParsed() -> Bool {
        if case .success = verifier.verify(leaf: parsed[0], intermediates: [parsed[1]], policy: policy) { return true }
        return false
    }
    precondition(oursParsed() && opensslParsed())
    let (ns2, referenceNs2) = measure({ blackHole(oursParsed()) }, { blackHole(opensslParsed()) })
    report(name: name + "-parsed", ns: ns2, referenceName: "openssl", referenceNs: referenceNs2, bytes: 0, json: json)
    return 2
}
