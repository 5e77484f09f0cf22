import Testing

/// Every test that touches the process-wide session is nested in this suite, which runs
/// its tests one at a time: the session is global, exactly as in Keras.
@Suite(.serialized) enum GlobalState {}
