//! Liquid's arithmetic filters (`plus`, `minus`, `times`, `divided_by`, `modulo`,
//! `abs`) as Ruby Liquid computes them: numbers from text as `Utils.to_number` reads
//! them, integer division and remainder rounding towards negative infinity, and no
//! overflow. Ruby's integers never overflow; here a result beyond i64 becomes a
//! float rather than a panic (`divided_by: -1` on the smallest integer, `abs` of it).

use liquid_core::model::{Value, ValueView};
use liquid_core::{Error, Language, Result};

use super::{FilterCall, register_functions};

/// A number as Ruby Liquid's `Utils.to_number` makes one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Number {
    Integer(i64),
    Float(f64),
}

impl Number {
    /// Integers stay integers and floats floats; a decimal text (`-?\d+\.\d+`) is a
    /// float, other text counts its leading digits (`"12ab"` is 12, `"ab"` is 0);
    /// anything else (nil, a boolean, an array) is 0.
    fn of(value: &dyn ValueView) -> Number {
        let Some(scalar) = value.as_scalar() else {
            return Number::Integer(0);
        };
        match value.type_name() {
            "whole number" => Number::Integer(scalar.to_integer().unwrap_or(0)),
            "fractional number" => Number::Float(scalar.to_float().unwrap_or(0.0)),
            "string" => number_in_text(scalar.to_kstr().trim()),
            _ => Number::Integer(0),
        }
    }

    fn float(self) -> f64 {
        match self {
            Number::Integer(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    fn value(self) -> Value {
        match self {
            Number::Integer(i) => Value::scalar(i),
            Number::Float(f) => Value::scalar(f),
        }
    }
}

/// A decimal text as a float, anything else as Ruby's `String#to_i` reads it.
fn number_in_text(text: &str) -> Number {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let decimal = unsigned.split_once('.').is_some_and(|(whole, fraction)| {
        [whole, fraction]
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    });
    match text.parse::<f64>() {
        Ok(float) if decimal => Number::Float(float),
        _ => leading_integer(text),
    }
}

/// Ruby's `String#to_i`: an optional sign and the digits that follow, else 0 (a
/// number too long for an integer is a float).
fn leading_integer(text: &str) -> Number {
    let sign_len = usize::from(text.starts_with(['-', '+']));
    let digits = text[sign_len..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |end| end + sign_len);
    let number = &text[..digits];
    match number.parse::<i64>() {
        Ok(integer) => Number::Integer(integer),
        Err(_) => number
            .parse::<f64>()
            .map_or(Number::Integer(0), Number::Float),
    }
}

/// Applies an integer operation (`None` on overflow: the float result is used) or
/// the float one, as Ruby picks by the operands' types.
fn arithmetic(
    call: &FilterCall<'_>,
    integer: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Value {
    let (a, b) = (Number::of(call.input), Number::of(call.arg(0)));
    match (a, b) {
        (Number::Integer(x), Number::Integer(y)) => integer(x, y)
            .map(Number::Integer)
            .unwrap_or(Number::Float(float(x as f64, y as f64))),
        _ => Number::Float(float(a.float(), b.float())),
    }
    .value()
}

fn divisor_is_zero(call: &FilterCall<'_>) -> Result<()> {
    match (Number::of(call.input), Number::of(call.arg(0))) {
        (Number::Integer(_), Number::Integer(0)) => Err(Error::with_msg("divided by 0")),
        _ => Ok(()),
    }
}

fn plus(call: &FilterCall<'_>) -> Result<Value> {
    Ok(arithmetic(call, i64::checked_add, |a, b| a + b))
}

fn minus(call: &FilterCall<'_>) -> Result<Value> {
    Ok(arithmetic(call, i64::checked_sub, |a, b| a - b))
}

fn times(call: &FilterCall<'_>) -> Result<Value> {
    Ok(arithmetic(call, i64::checked_mul, |a, b| a * b))
}

fn divided_by(call: &FilterCall<'_>) -> Result<Value> {
    divisor_is_zero(call)?;
    let floor_div = |a: i64, b: i64| {
        let quotient = a.checked_div(b)?;
        Some(if a % b != 0 && (a < 0) != (b < 0) {
            quotient - 1
        } else {
            quotient
        })
    };
    Ok(arithmetic(call, floor_div, |a, b| a / b))
}

fn modulo(call: &FilterCall<'_>) -> Result<Value> {
    divisor_is_zero(call)?;
    let floor_rem = |a: i64, b: i64| {
        let remainder = a.checked_rem(b)?;
        Some(if remainder != 0 && (remainder < 0) != (b < 0) {
            remainder + b
        } else {
            remainder
        })
    };
    let float_rem = |a: f64, b: f64| a - b * (a / b).floor();
    Ok(arithmetic(call, floor_rem, float_rem))
}

fn abs(call: &FilterCall<'_>) -> Result<Value> {
    Ok(match Number::of(call.input) {
        Number::Integer(i) => i
            .checked_abs()
            .map_or(Number::Float((i as f64).abs()), Number::Integer),
        Number::Float(f) => Number::Float(f.abs()),
    }
    .value())
}

/// Registers the six filters over liquid's own.
pub(super) fn register(language: &mut Language) {
    register_functions(
        language,
        &[
            ("plus", plus),
            ("minus", minus),
            ("times", times),
            ("divided_by", divided_by),
            ("modulo", modulo),
            ("abs", abs),
        ],
    );
}

#[cfg(test)]
mod tests {
    use crate::render::liquid::tests::render_str;

    #[test]
    fn arithmetic_is_ruby_s_and_never_overflows() {
        for (template, expected) in [
            ("{{ 7 | divided_by: 2 }}", "3"),
            ("{{ -7 | divided_by: 2 }}", "-4"),
            ("{{ 7 | modulo: -3 }}", "-2"),
            ("{{ 7.5 | modulo: 2 }}", "1.5"),
            ("{{ 10 | divided_by: 4.0 }}", "2.5"),
            ("{{ '12ab' | plus: 1 }}", "13"),
            ("{{ nothing | plus: 1 }}", "1"),
            (
                "{{ -9223372036854775807 | minus: 1 | divided_by: -1 }}",
                "9223372036854776000",
            ),
            ("{{ -9223372036854775807 | minus: 1 | modulo: -1 }}", "0"),
            (
                "{{ -9223372036854775807 | minus: 1 | abs }}",
                "9223372036854776000",
            ),
            ("{{ 9223372036854775807 | plus: 1 }}", "9223372036854776000"),
        ] {
            assert_eq!(render_str(template), expected, "{template}");
        }
    }
}
