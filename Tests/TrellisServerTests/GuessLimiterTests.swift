import Testing
@testable import TrellisServer

@Suite struct GuessLimiterTests {
    @Test func anAddressGetsTenWrongCodesThenOneEveryThreeSeconds() {
        var limiter = GuessLimiter()
        for n in 0..<10 {
            #expect(limiter.check(address: "10.0.0.1", site: "demo", now: 1000) == nil, "check \(n + 1)")
            limiter.failed(address: "10.0.0.1", site: "demo", now: 1000)
        }
        #expect(limiter.check(address: "10.0.0.1", site: "demo", now: 1000) == 3)
        #expect(limiter.check(address: "10.0.0.1", site: "demo", now: 2500) == 2, "half a failure forgiven after 1.5 s")
        #expect(limiter.check(address: "10.0.0.1", site: "demo", now: 4000) == nil, "a whole one after 3 s")
        #expect(limiter.check(address: "10.0.0.2", site: "demo", now: 4000) == nil, "another address is not held back")
    }

    @Test func rightCodesAreNotCounted() {
        let limiter = GuessLimiter()
        for _ in 0..<50 { #expect(limiter.check(address: "10.0.0.1", site: "demo", now: 0) == nil) }
    }

    @Test func aSiteBoundsAddressesThatHaveFailedButNotFreshOnes() {
        var limiter = GuessLimiter()
        // 100 addresses each fail once: 60 failures empty the site's bucket, and the 40 after
        // them are already over it, so their next codes are not checked.
        var refused = 0
        for n in 0..<100 {
            let address = "10.0.\(n / 256).\(n % 256)"
            if limiter.check(address: address, site: "demo", now: 0) == nil { limiter.failed(address: address, site: "demo", now: 0) }
        }
        for n in 0..<100 where limiter.check(address: "10.0.\(n / 256).\(n % 256)", site: "demo", now: 0) != nil { refused += 1 }
        #expect(refused == 100, "every address that failed waits while the site is over its bound")
        #expect(limiter.check(address: "192.168.1.9", site: "demo", now: 0) == nil, "an address that has not failed is still checked")
        #expect(limiter.check(address: "10.0.0.1", site: "other", now: 0) == nil, "another site is not held back")
    }

    @Test func sweepingForgetsWhatHasRefilled() {
        var limiter = GuessLimiter()
        limiter.failed(address: "10.0.0.1", site: "demo", now: 0)
        limiter.sweep(now: 1000)
        #expect(limiter.addresses.count == 1)
        limiter.sweep(now: 100_000)
        #expect(limiter.addresses.isEmpty && limiter.sites.isEmpty)
    }
}
