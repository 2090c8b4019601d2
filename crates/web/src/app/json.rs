//! JSON as plain data for the page's pure code: the browser's `JSON.parse` reads the text (in the
//! runtime), and updates read the tree with these accessors. The page module thus carries no JSON
//! parser of its own (serde's deserializers, with their error formatting, were a sixth of it).

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The member `key` when it is a string.
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The member `key` when it is a boolean.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The member `key` when it is a whole number from 0 to `u32::MAX`.
    pub fn index(&self, key: &str) -> Option<usize> {
        self.get(key)?.as_index()
    }

    /// This value when it is a whole number from 0 to `u32::MAX`.
    pub fn as_index(&self) -> Option<usize> {
        match self {
            Json::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) => {
                Some(*n as usize)
            }
            _ => None,
        }
    }

    /// The items of the member `key` when it is an array; none otherwise.
    pub fn items(&self, key: &str) -> &[Json] {
        match self.get(key) {
            Some(Json::Array(items)) => items,
            _ => &[],
        }
    }

    /// The Worker's error envelope `{"error":{"code","message"}}`: code and message.
    pub fn error(&self) -> Option<(&str, &str)> {
        let error = self.get("error")?;
        Some((error.str("code")?, error.str("message")?))
    }
}

#[cfg(test)]
impl From<serde_json::Value> for Json {
    /// Test data written with `serde_json::json!`.
    fn from(value: serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(b),
            Value::Number(n) => Json::Number(n.as_f64().unwrap_or_default()),
            Value::String(s) => Json::String(s),
            Value::Array(items) => Json::Array(items.into_iter().map(Json::from).collect()),
            Value::Object(members) => Json::Object(
                members
                    .into_iter()
                    .map(|(k, v)| (k, Json::from(v)))
                    .collect(),
            ),
        }
    }
}
