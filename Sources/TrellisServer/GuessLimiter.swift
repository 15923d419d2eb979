/// Bounds how many wrong access codes are checked for one client address and for one site,
/// so people guessing codes cannot keep the sign-in thread busy (a yescrypt check costs a few
/// milliseconds) and starve everyone else's sign-in.
///
/// Token buckets of failures: each wrong code takes a token from its address's bucket and its
/// site's. A code is checked only while its address has a token, and, if that address has
/// failed lately, while its site has one too; so an address that has never failed is always
/// checked, and people who type their code right are never counted. The server also checks at
/// most `inFlight` codes per address at a time, so a crowd of guesses cannot queue up before
/// the first failures are known. Pure: the caller passes the clock.
struct GuessLimiter {
    struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    struct Rule {
        /// Failures allowed at once.
        var burst: Double
        /// Milliseconds for one more failure to be allowed.
        var refill: Double
    }

    /// One address: 10 wrong codes at once, then one every 3 s (20 a minute).
    var perAddress = Rule(burst: 10, refill: 3000)
    /// One site, from addresses that have failed lately: 60 at once, then 1 a second.
    var perSite = Rule(burst: 60, refill: 1000)
    /// Codes checked at once for one address; more wait their turn.
    var inFlight = 4
    private(set) var addresses: [String: Bucket] = [:]
    private(set) var sites: [String: Bucket] = [:]

    /// Nil when a code from `address` for `site` may be checked now, else the seconds to wait
    /// before one would be. `pending` checks already under way for the address count as if
    /// they will fail, so a burst never runs past the bound.
    func check(address: String, site: String, now: UInt64, pending: Int = 0) -> Int? {
        var own = Self.fill(addresses[address], perAddress, now)
        own.tokens -= Double(pending)
        if own.tokens < 1 { return Self.wait(own, perAddress) }
        let failedLately = own.tokens < perAddress.burst
        let shared = Self.fill(sites[site], perSite, now)
        if failedLately && shared.tokens < 1 { return Self.wait(shared, perSite) }
        return nil
    }

    /// A wrong code from `address` for `site`.
    mutating func failed(address: String, site: String, now: UInt64) {
        var own = Self.fill(addresses[address], perAddress, now)
        own.tokens = max(0, own.tokens - 1)
        addresses[address] = own
        var shared = Self.fill(sites[site], perSite, now)
        shared.tokens = max(0, shared.tokens - 1)
        sites[site] = shared
    }

    /// Forgets buckets that have filled up again, so the tables stay as small as the guessing.
    mutating func sweep(now: UInt64) {
        addresses = addresses.filter { Self.fill($0.value, perAddress, now).tokens < perAddress.burst }
        sites = sites.filter { Self.fill($0.value, perSite, now).tokens < perSite.burst }
    }

    static func fill(_ bucket: Bucket?, _ rule: Rule, _ now: UInt64) -> Bucket {
        guard var bucket else { return Bucket(tokens: rule.burst, updated: now) }
        let elapsed = Double(now &- bucket.updated)
        bucket.tokens = min(rule.burst, bucket.tokens + elapsed / rule.refill)
        bucket.updated = now
        return bucket
    }

    static func wait(_ bucket: Bucket, _ rule: Rule) -> Int {
        max(1, Int(((1 - bucket.tokens) * rule.refill / 1000).rounded(.up)))
    }
}
