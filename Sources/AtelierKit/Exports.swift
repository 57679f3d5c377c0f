/// JSON values, the parser and writer, and the tree coders: what an activity's views and
/// settings are made of. Re-exported so that a plugin imports `AtelierKit` only.
@_exported import AtelierJSON
