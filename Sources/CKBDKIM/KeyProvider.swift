/// Where DKIM key records come from (RFC 6376 §3.6.2): a `selector._domainkey.domain` name is
/// looked up as DNS TXT records.
public protocol DKIMKeyProvider: Sendable {
    /// The TXT records at `name` (each record's strings already joined), or why there are none.
    func txtRecords(_ name: String) -> DKIMKeyLookup
}

/// The outcome of one key lookup.
public enum DKIMKeyLookup: Sendable, Equatable {
    /// The name's TXT records, each as one string (its character-strings joined).
    case records([String])
    /// The name does not exist, or has no TXT record (DKIM's permerror: no key for signature).
    case notFound
    /// A temporary failure: SERVFAIL, a timeout, no answer (DKIM's temperror).
    case temporaryFailure(String)
}
