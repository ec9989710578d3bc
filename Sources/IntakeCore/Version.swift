/// Intake's own version, as written into every record.
public let intakeVersion = "0.1.0"
