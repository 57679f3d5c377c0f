import Testing

@testable import AtelierTransport

@Suite struct OriginPolicyTests {
    let policy = OriginPolicy()

    @Test func clientsWithoutOriginAreAllowed() {
        #expect(policy.allows(origin: nil, host: "atelier.example.org", scheme: "https"))
    }

    @Test func theServersOwnOriginIsAllowed() {
        #expect(policy.allows(origin: "https://atelier.example.org", host: "atelier.example.org", scheme: "https"))
        #expect(policy.allows(origin: "https://Atelier.Example.org/", host: "atelier.example.org:443", scheme: "https"))
        #expect(policy.allows(origin: "http://10.0.0.5:8080", host: "10.0.0.5:8080", scheme: "http"))
    }

    @Test func aDifferentSchemeOrPortIsAnotherOrigin() {
        #expect(!policy.allows(origin: "http://atelier.example.org", host: "atelier.example.org", scheme: "https"))
        #expect(!policy.allows(origin: "http://10.0.0.5:9090", host: "10.0.0.5:8080", scheme: "http"))
    }

    @Test func loopbackOriginsOnAnyPortAreAllowed() {
        for origin in ["http://127.0.0.1:5173", "http://localhost:3000", "https://[::1]:8443", "http://127.1.2.3"] {
            #expect(policy.allows(origin: origin, host: "atelier.example.org", scheme: "https"), "\(origin)")
        }
    }

    @Test func lookalikesOfLoopbackAreRefused() {
        for origin in ["http://127.0.0.1.evil.example", "http://localhost.evil.example", "http://128.0.0.1"] {
            #expect(!policy.allows(origin: origin, host: "atelier.example.org", scheme: "https"), "\(origin)")
        }
    }

    @Test func foreignOriginsAreRefused() {
        #expect(!policy.allows(origin: "https://evil.example", host: "atelier.example.org", scheme: "https"))
        #expect(!policy.allows(origin: "file://", host: "atelier.example.org", scheme: "https"))
    }

    @Test func nullOriginOnlyWhenEnabled() {
        #expect(!policy.allows(origin: "null", host: "127.0.0.1:8080", scheme: "http"))
        let permissive = OriginPolicy(allowsNullOrigin: true)
        #expect(permissive.allows(origin: "null", host: "127.0.0.1:8080", scheme: "http"))
    }

    @Test func configuredOriginsAreAllowedAfterNormalisation() {
        let configured = OriginPolicy(allowedOrigins: ["https://Partner.example/"])
        #expect(configured.allows(origin: "https://partner.example", host: "atelier.example.org", scheme: "https"))
        #expect(configured.allows(origin: "https://partner.example:443", host: "atelier.example.org", scheme: "https"))
        #expect(!configured.allows(origin: "https://partner.example:8443", host: "atelier.example.org", scheme: "https"))
    }

    @Test func loopbackCanBeTurnedOff() {
        let strict = OriginPolicy(allowsLoopback: false)
        #expect(!strict.allows(origin: "http://127.0.0.1:5173", host: "atelier.example.org", scheme: "https"))
    }
}
