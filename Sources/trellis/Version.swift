/// The version `trellis --version` prints: raised with each release, whose notes say what
/// changed. (No release has been tagged yet: this is the development line.)
enum Trellis {
    static let version = "0.5.0-dev"
}
