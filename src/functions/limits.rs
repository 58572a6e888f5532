//! How much one function may take from the author's machine: time, concurrency and
//! bytes in and out.
//!
//! The classic watchdog reads `exec_timeout` and `max_inflight` from the function's
//! environment and defaults both to "unlimited". coldstart reads the same keys (so
//! the stack file means the same thing to both) but always has a bound, because the
//! functions run on a laptop next to the author's files, not in a container.

use std::time::Duration;

/// The exec timeout when `environment.exec_timeout` is not set.
pub const DEFAULT_EXEC_TIMEOUT: Duration = Duration::from_secs(10);
/// How many invocations of one function may run at once when
/// `environment.max_inflight` is not set; one more is answered `429`.
pub const DEFAULT_MAX_INFLIGHT: usize = 4;
/// The largest request body passed to a function; a larger one is answered `413`.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// The most stdout kept from a function; more is answered `502` with the output
/// truncated to this size, and the function is killed.
pub const MAX_OUTPUT_BYTES: usize = 1 << 20;
/// The most stderr kept for the terminal log; the rest is counted, not kept.
pub const MAX_LOG_BYTES: usize = 64 << 10;
/// The most concurrent invocations `max_inflight` may allow: far above what a laptop
/// runs, far below what would overflow a semaphore.
pub const MAX_MAX_INFLIGHT: usize = 1_000_000;
/// The longest duration Go's `time.ParseDuration` accepts (int64 nanoseconds); the
/// watchdogs refuse longer ones, and so does coldstart.
const MAX_GO_DURATION_SECONDS: f64 = 9_223_372_036.854_775;
/// How long a timed-out function's process group has between SIGTERM and SIGKILL.
pub const TERMINATION_GRACE: Duration = Duration::from_secs(2);

/// The bounds one function runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionLimits {
    /// Wall-clock time from spawn to exit before the whole process group is killed (`408`).
    pub exec_timeout: Duration,
    /// Concurrent invocations allowed; the next one is refused with `429`.
    pub max_inflight: usize,
    /// Request body bytes accepted (`413` above).
    pub max_request_bytes: usize,
    /// Stdout bytes kept (`502` and a truncated body above).
    pub max_output_bytes: usize,
}

impl Default for FunctionLimits {
    fn default() -> Self {
        FunctionLimits {
            exec_timeout: DEFAULT_EXEC_TIMEOUT,
            max_inflight: DEFAULT_MAX_INFLIGHT,
            max_request_bytes: MAX_REQUEST_BYTES,
            max_output_bytes: MAX_OUTPUT_BYTES,
        }
    }
}

/// A limit key in `environment` with a value coldstart cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitError {
    /// The `environment` key (`exec_timeout`, `max_inflight`).
    pub key: &'static str,
    /// What is wrong with its value.
    pub message: String,
}

impl FunctionLimits {
    /// Reads `exec_timeout` and `max_inflight` from a function's environment, with
    /// the defaults above for what is not set. Zero, which the watchdog takes as
    /// "no limit", is refused: coldstart always runs functions with a bound.
    pub fn from_environment(environment: &[(String, String)]) -> Result<Self, LimitError> {
        let mut limits = FunctionLimits::default();
        let value_of = |key: &str| {
            environment
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.trim())
        };
        if let Some(text) = value_of("exec_timeout") {
            let timeout = parse_duration(text).map_err(|message| LimitError {
                key: "exec_timeout",
                message,
            })?;
            if timeout.is_zero() {
                return Err(LimitError {
                    key: "exec_timeout",
                    message: "must be more than zero (the watchdog's 0 means no timeout; \
                              coldstart always has one)"
                        .into(),
                });
            }
            limits.exec_timeout = timeout;
        }
        if let Some(text) = value_of("max_inflight") {
            limits.max_inflight = match text.parse::<u128>() {
                Ok(n) if n > MAX_MAX_INFLIGHT as u128 => {
                    return Err(LimitError {
                        key: "max_inflight",
                        message: format!(
                            "`{text}` is over the most coldstart allows ({MAX_MAX_INFLIGHT})"
                        ),
                    });
                }
                Ok(0) => {
                    return Err(LimitError {
                        key: "max_inflight",
                        message: "must be at least 1 (the watchdog's 0 means unlimited; \
                                  coldstart always has a limit)"
                            .into(),
                    });
                }
                Ok(n) => n as usize,
                Err(_) => {
                    return Err(LimitError {
                        key: "max_inflight",
                        message: format!("`{text}` is not a whole number"),
                    });
                }
            };
        }
        Ok(limits)
    }
}

/// Parses a timeout the way the watchdog does (`parseIntOrDurationValue`): a whole
/// number is seconds, anything else is a Go duration (`10s`, `1m30s`, `1.5s`, `250ms`).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid =
        || format!("`{text}` is not a duration (write seconds, or e.g. `10s`, `1m30s`, `500ms`)");
    let too_long = || format!("`{text}` is longer than any watchdog accepts (about 292 years)");
    if let Ok(seconds) = text.parse::<u64>() {
        if seconds as f64 > MAX_GO_DURATION_SECONDS {
            return Err(too_long());
        }
        return Ok(Duration::from_secs(seconds));
    }
    let mut rest = text;
    let mut total = 0f64;
    if rest.is_empty() {
        return Err(invalid());
    }
    while !rest.is_empty() {
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(invalid)?;
        let number: f64 = rest[..number_end].parse().map_err(|_| invalid())?;
        rest = &rest[number_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds_per_unit = match &rest[..unit_end] {
            "ns" => 1e-9,
            "us" | "µs" | "μs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return Err(invalid()),
        };
        total += number * seconds_per_unit;
        rest = &rest[unit_end..];
    }
    if !total.is_finite() || total > MAX_GO_DURATION_SECONDS {
        return Err(too_long());
    }
    Ok(Duration::from_secs_f64(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn durations_in_seconds_or_go_syntax() {
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("10 seconds").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
        assert!(parse_duration("99999999999999999999").is_err());
        assert!(parse_duration("2562047h").is_ok());
    }

    #[test]
    fn limits_default_and_override_and_refuse_unbounded() {
        assert_eq!(
            FunctionLimits::from_environment(&[]),
            Ok(FunctionLimits::default())
        );
        let limits = FunctionLimits::from_environment(&env(&[
            ("exec_timeout", "2s"),
            ("max_inflight", "1"),
        ]))
        .unwrap();
        assert_eq!(limits.exec_timeout, Duration::from_secs(2));
        assert_eq!(limits.max_inflight, 1);
        let zero = FunctionLimits::from_environment(&env(&[("exec_timeout", "0")])).unwrap_err();
        assert_eq!(zero.key, "exec_timeout");
        let unlimited =
            FunctionLimits::from_environment(&env(&[("max_inflight", "0")])).unwrap_err();
        assert_eq!(unlimited.key, "max_inflight");
    }
}
