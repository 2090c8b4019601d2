#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::unwrap_used)]

use serde_json::{Map, Value};

/// One operation of Mimecast's API 1.0 as its endpoint reference page gives it.
#[derive(Debug)]
pub struct Endpoint {
    /// The API path, `POST`ed to.
    pub path: &'static str,
    /// The reference page it was taken from.
    pub page: &'static str,
    /// The page's example request bodies, verbatim (more than one when another Mimecast page
    /// shows the same call with other fields).
    pub requests: &'static [&'static str],
    /// The page's example answer, verbatim; `None` where the stored page has none.
    pub response: Option<&'static str>,
    /// Request fields the page's table marks "Required".
    pub required: &'static [&'static str],
    /// Request fields whose table lists the only values allowed.
    pub choices: &'static [(&'static str, &'static [&'static str])],
    /// Answer fields a real answer may leave out, with the page's reason.
    pub may_omit: &'static [&'static str],
    /// Whether a request may carry `meta.pagination` (see [`PAGINATION_PAGE`]).
    pub paged: bool,
    /// What the page says beyond the examples, and what it leaves unsaid.
    pub notes: &'static str,
}

/// The page whose tables define `meta.pagination` for Mimecast's list calls: in a request
/// `pageSize` (Number) and `pageToken` (String, "the value of the 'next' or 'previous' fields from an
/// earlier request"); in an answer `pageSize`, and `next` / `previous`, each "only returned if
/// there are more results" / "if there is a previous page".
pub const PAGINATION_PAGE: &str = "https://integrations.mimecast.com/documentation/endpoint-reference/directory/get-group-members";

/// The example answer of [`PAGINATION_PAGE`], verbatim.
pub const PAGINATED_ANSWER: &str =
    include_str!("../pages/directory-get-group-members.response.txt");

/// The example request of Find Groups, verbatim: the one page that shows `meta.pagination` in a
/// request.
pub const PAGINATED_REQUEST: &str = include_str!("../pages/directory-find-groups.request.txt");

/// Mimecast's "Response Codes" page.
pub const RESPONSE_CODES_PAGE: &str =
    "https://www.mimecast.com/tech-connect/documentation/api-overview/response-code/";

/// HTTP 418 as the Response Codes page gives it: code, message, description.
pub const BINDING_EXPIRED: (u16, &str, &str) = (
    418,
    "Binding Expired",
    "The TTL of the access key and secret key issued on successful login has lapsed and the \
     binding should be refreshed as described in the Authentication guide.",
);

/// The placeholder date every `"Date String"` becomes: the format the Get Pending Domain page
/// gives for `created` and `expiry`.
pub const EXAMPLE_DATE: &str = "2015-04-02T15:58:47+0000";

/// The inbound checks of a domain, as Create Domain's table lists them.
pub const INBOUND_TYPES: &[&str] = &["any", "smtp", "ldap", "known"];

/// Every operation the Worker's proxy forwards, in the order of Mimecast's menus.
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        path: "/api/account/get-account",
        page: "https://integrations.mimecast.com/documentation/endpoint-reference/account/get-account",
        requests: &[include_str!("../pages/account-get-account.request.txt")],
        response: Some(include_str!("../pages/account-get-account.response.txt")),
        required: &[],
        choices: &[],
        may_omit: &[],
        paged: false,
        notes: "Needs Accounts | Dashboard | Read.",
    },
    Endpoint {
        path: "/api/domain/get-internal-domain",
        page: "https://integrations.mimecast.com/documentation/endpoint-reference/domain/get-internal-domain",
        requests: &[
            include_str!("../pages/domain-get-internal-domain.request.txt"),
            // https://integrations.mimecast.com/documentation/api-overview/api-concepts
            include_str!("../pages/api-concepts.get-internal-domain.request.txt"),
        ],
        response: Some(include_str!(
            "../pages/domain-get-internal-domain.response.txt"
        )),
        required: &[],
        choices: &[],
        may_omit: &[],
        paged: false,
        notes: "The account's registered internal domains: id, domain, sendOnly, local, inboundType. \
                No field says whether a domain is verified: a domain waiting for its DNS record is \
                listed by Get Pending Domain instead. Needs Directories | Internal | Read.",
    },
    Endpoint {
        path: "/api/domain/create-domain",
        page: "https://integrations.mimecast.com/documentation/endpoint-reference/domain/create-domain",
        requests: &[include_str!("../pages/domain-create-domain.request.txt")],
        response: Some(include_str!("../pages/domain-create-domain.response.txt")),
        required: &["domain", "inboundType"],
        choices: &[("inboundType", INBOUND_TYPES)],
        may_omit: &["token", "expiry"],
        paged: false,
        notes: "Returns a code (token) for the domain owner to add as a TXT record. A domain any \
                account already manages is NOT registered again; a domain whose parent domain the \
                same account manages is registered as an internal domain without a verification \
                code (hence token and expiry may be absent); a domain whose parent another account \
                manages is NOT registered. The page gives no error code for the refusals. Needs \
                Directories | Internal | Register New Domain.",
    },
    Endpoint {
        path: "/api/domain/get-pending-domain",
        page: "https://integrations.mimecast.com/documentation/endpoint-reference/domain/get-pending-domain",
        requests: &[include_str!(
            "../pages/domain-get-pending-domain.request.txt"
        )],
        response: Some(include_str!(
            "../pages/domain-get-pending-domain.response.txt"
        )),
        required: &[],
        choices: &[],
        may_omit: &[],
        paged: false,
        notes: "Domains registered and waiting for their TXT record: token is 'the value to add as \
                TXT', expiry 'the date that the domain will not be able to be verified' \
                (2015-04-02T15:58:47+0000). How long the window is, the page does not say.",
    },
    Endpoint {
        path: "/api/user/get-internal-users",
        page: "https://integrations.mimecast.com/documentation/endpoint-reference/user/get-internal-users",
        requests: &[include_str!("../pages/user-get-internal-users.request.txt")],
        response: Some(include_str!(
            "../pages/user-get-internal-users.response.txt"
        )),
        required: &["domain"],
        choices: &[],
        may_omit: &[],
        paged: true,
        notes: "data[0] holds users[] (emailAddress, addressType, alias) and userCount. The example \
                writes emaiLAddress and usercount; the page's tables say emailAddress and \
                userCount. The page shows no meta.pagination; Mimecast's list calls page with it \
                (see PAGINATION_PAGE), so a request may carry it and an answer's `next`, when \
                present, is followed.",
    },
    Endpoint {
        path: "/api/user/create-user",
        page: "https://integrations.mimecast.com/documentation/endpoint-reference/user/create-user",
        requests: &[include_str!("../pages/user-create-user.request.txt")],
        response: Some(include_str!("../pages/user-create-user.response.txt")),
        required: &["emailAddress"],
        choices: &[],
        may_omit: &[],
        paged: false,
        notes: "Creates cloud users in the Internal Directories. The page gives no error for an \
                existing address or an unregistered domain.",
    },
    Endpoint {
        path: "/api/user/update-user",
        page: "https://integrations.mimecast.com/documentation/endpoint-reference/user/update-user",
        requests: &[include_str!("../pages/user-update-user.request.txt")],
        response: None,
        required: &["emailAddress"],
        choices: &[],
        may_omit: &[],
        paged: false,
        notes: "The stored page ends before its answer example: the answer's fields are not known.",
    },
    Endpoint {
        path: "/api/login/discover-authentication",
        page: "https://www.mimecast.com/de/developer/documentation/authentication-ui-apps/",
        requests: &[include_str!(
            "../pages/login-discover-authentication.request.txt"
        )],
        response: None,
        required: &["emailAddress"],
        choices: &[],
        may_omit: &[],
        paged: false,
        notes: "Documented in the authentication guide, not on an endpoint page; needs no \
                Authorization header. The answer's fields are not on the stored page (Mimecast's \
                own sample scripts read data[0].region.api).",
    },
];

/// The endpoint at `path`.
pub fn endpoint(path: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|e| e.path == path)
}

/// A page's example as JSON: `"Date String"` becomes [`EXAMPLE_DATE`], a bare `Number` `200`, a
/// bare `Boolean` `false`; the `,...` continuation marks and trailing commas go.
pub fn example(text: &str) -> Result<Value, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut in_string = false;
    while let Some(c) = rest.chars().next() {
        if in_string {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            match c {
                '\\' => {
                    if let Some(next) = rest.chars().next() {
                        out.push(next);
                        rest = &rest[next.len_utf8()..];
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if let Some(after) = rest.strip_prefix("\"Date String\"") {
            out.push('"');
            out.push_str(EXAMPLE_DATE);
            out.push('"');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("Number") {
            out.push_str("200");
            rest = after;
        } else if let Some(after) = rest.strip_prefix("Boolean") {
            out.push_str("false");
            rest = after;
        } else if let Some(after) = rest.strip_prefix(",...") {
            rest = after;
        } else if c == ',' && closes_next(&rest[1..]) {
            rest = &rest[1..];
        } else if c == '\'' {
            // Get Message List's page quotes one placeholder with single quotes.
            out.push('"');
            rest = &rest[1..];
        } else {
            in_string = c == '"';
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    serde_json::from_str(&out).map_err(|e| format!("example is not JSON once read: {e}: {out}"))
}

/// [`example`], with the two typos of Get Internal Users' example mended to the names its own
/// tables give: `emaiLAddress` → `emailAddress`, `usercount` → `userCount`.
pub fn example_corrected(text: &str) -> Result<Value, String> {
    example(
        &text
            .replace("\"emaiLAddress\"", "\"emailAddress\"")
            .replace("\"usercount\"", "\"userCount\""),
    )
}

fn closes_next(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('}' | ']'))
}

/// Checks a request body sent to `path` against the endpoint's examples and tables: a `data`
/// array of objects whose fields are the examples' fields with the same JSON types, every
/// required field present, listed values only; `meta` only on a paged endpoint and only
/// `meta.pagination.pageSize` (a number) and `pageToken` (a string).
pub fn check_request(path: &str, body: &Value) -> Result<(), String> {
    let endpoint = endpoint(path).ok_or_else(|| format!("{path} is not in the reference"))?;
    let body = body.as_object().ok_or("the body is not a JSON object")?;
    for key in body.keys() {
        if key != "data" && key != "meta" {
            return Err(format!("the body has a field `{key}` beside data and meta"));
        }
    }
    if let Some(meta) = body.get("meta") {
        check_request_meta(endpoint, meta)?;
    }
    let data = body
        .get("data")
        .and_then(Value::as_array)
        .ok_or("the body has no data array")?;
    let mut fields = Map::new();
    for text in endpoint.requests {
        let reference = example(text)?;
        for item in reference["data"].as_array().into_iter().flatten() {
            if let Some(item) = item.as_object() {
                fields.extend(item.clone());
            }
        }
    }
    if fields.is_empty() && !data.is_empty() {
        return Err(format!("{path} takes an empty data array"));
    }
    for item in data {
        let item = item.as_object().ok_or("a data item is not an object")?;
        for (key, value) in item {
            let expected = fields
                .get(key)
                .ok_or_else(|| format!("`{key}` is not a field of {path}"))?;
            if !same_type(value, expected) {
                return Err(format!("`{key}` has the wrong JSON type for {path}"));
            }
        }
        for key in endpoint.required {
            if !item.contains_key(*key) {
                return Err(format!("`{key}` is required by {path}"));
            }
        }
        for (key, allowed) in endpoint.choices {
            if let Some(value) = item.get(*key).and_then(Value::as_str)
                && !allowed.contains(&value)
            {
                return Err(format!("`{key}` must be one of {}", allowed.join(", ")));
            }
        }
    }
    Ok(())
}

fn check_request_meta(endpoint: &Endpoint, meta: &Value) -> Result<(), String> {
    let reference = example(PAGINATED_REQUEST)?;
    if !endpoint.paged {
        return Err(format!("{} takes no meta", endpoint.path));
    }
    check_fields(meta, &reference["meta"], "meta", false)
}

/// Checks an answer body of `path` against the endpoint's example: `meta` (with `status`, and
/// `pagination` as [`PAGINATION_PAGE`] gives it), `data` and `fail`; every data item with exactly
/// the example's fields and JSON types, but the endpoint's `may_omit`. An endpoint without an
/// example answer is checked for the envelope alone.
pub fn check_answer(path: &str, body: &Value) -> Result<(), String> {
    let endpoint = endpoint(path).ok_or_else(|| format!("{path} is not in the reference"))?;
    let object = body.as_object().ok_or("the answer is not a JSON object")?;
    for key in ["meta", "data", "fail"] {
        if !object.contains_key(key) {
            return Err(format!("the answer has no `{key}`"));
        }
    }
    if object.len() != 3 {
        return Err("the answer has fields beside meta, data and fail".to_owned());
    }
    let mut paged = example(PAGINATED_ANSWER)?;
    // The example shows pageSize and next; the page's Pagination object table adds `previous`
    // ("only returned if there is a previous page").
    paged["meta"]["pagination"]["previous"] = Value::from("String");
    check_fields(&body["meta"], &paged["meta"], "meta", false)?;
    if body["meta"].get("status").is_none() {
        return Err("meta has no status".to_owned());
    }
    if !body["fail"].is_array() {
        return Err("fail is not an array".to_owned());
    }
    let data = body["data"].as_array().ok_or("data is not an array")?;
    let Some(response) = endpoint.response else {
        return Ok(());
    };
    let reference = example_corrected(response)?;
    let Some(item) = reference["data"].get(0) else {
        return Ok(());
    };
    for actual in data {
        check_item(actual, item, endpoint.may_omit, "data[]")?;
    }
    Ok(())
}

/// Every key of `actual` is in `reference` with the same type (recursively for objects and for
/// the first element of arrays); with `exact`, every key of `reference` is in `actual` too.
fn check_fields(actual: &Value, reference: &Value, at: &str, exact: bool) -> Result<(), String> {
    check_object(actual, reference, at, exact, &[])
}

fn check_item(
    actual: &Value,
    reference: &Value,
    may_omit: &[&str],
    at: &str,
) -> Result<(), String> {
    check_object(actual, reference, at, true, may_omit)
}

fn check_object(
    actual: &Value,
    reference: &Value,
    at: &str,
    exact: bool,
    may_omit: &[&str],
) -> Result<(), String> {
    let (Some(actual), Some(reference)) = (actual.as_object(), reference.as_object()) else {
        return Err(format!("{at} is not an object"));
    };
    for (key, value) in actual {
        let expected = reference
            .get(key)
            .ok_or_else(|| format!("{at}.{key} is not in the reference"))?;
        if !same_type(value, expected) {
            return Err(format!("{at}.{key} has the wrong JSON type"));
        }
        if let (Some(inner), Some(first)) = (value.as_array(), expected.get(0))
            && first.is_object()
        {
            for element in inner {
                check_object(element, first, &format!("{at}.{key}[]"), exact, &[])?;
            }
        } else if value.is_object() {
            check_object(value, expected, &format!("{at}.{key}"), exact, &[])?;
        }
    }
    if exact {
        for key in reference.keys() {
            if !actual.contains_key(key) && !may_omit.contains(&key.as_str()) {
                return Err(format!("{at}.{key} is missing"));
            }
        }
    }
    Ok(())
}

fn same_type(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::Null, Value::Null)
            | (Value::Bool(_), Value::Bool(_))
            | (Value::Number(_), Value::Number(_))
            | (Value::String(_), Value::String(_))
            | (Value::Array(_), Value::Array(_))
            | (Value::Object(_), Value::Object(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_example_reads_as_json() {
        for endpoint in ENDPOINTS {
            for text in endpoint.requests {
                example(text).unwrap();
            }
            if let Some(text) = endpoint.response {
                example(text).unwrap();
            }
        }
        example(PAGINATED_ANSWER).unwrap();
        example(PAGINATED_REQUEST).unwrap();
    }

    #[test]
    fn placeholders_become_values_but_strings_stay() {
        let pending = example(
            endpoint("/api/domain/get-pending-domain")
                .unwrap()
                .response
                .unwrap(),
        )
        .unwrap();
        assert_eq!(pending["meta"]["status"], 200);
        assert_eq!(pending["data"][0]["expiry"], EXAMPLE_DATE);
        assert_eq!(pending["data"][0]["token"], "String");
        assert_eq!(pending["data"].as_array().unwrap().len(), 1);
        let domains = example(
            endpoint("/api/domain/get-internal-domain")
                .unwrap()
                .response
                .unwrap(),
        )
        .unwrap();
        assert_eq!(domains["data"][0]["sendOnly"], false);
        assert_eq!(
            example(r#"{"a":"Number, Boolean"}"#).unwrap()["a"],
            "Number, Boolean"
        );
    }

    #[test]
    fn the_typos_of_get_internal_users_are_mended_only_when_asked() {
        let text = endpoint("/api/user/get-internal-users")
            .unwrap()
            .response
            .unwrap();
        assert!(
            example(text).unwrap()["data"][0]["users"][0]
                .get("emaiLAddress")
                .is_some()
        );
        let mended = example_corrected(text).unwrap();
        assert_eq!(mended["data"][0]["users"][0]["emailAddress"], "String");
        assert_eq!(mended["data"][0]["userCount"], 100);
    }

    #[test]
    fn every_example_request_and_answer_passes_its_own_check() {
        for endpoint in ENDPOINTS {
            for text in endpoint.requests {
                // A listed value where the example has the placeholder "String".
                let mut body = example(text).unwrap();
                for item in body["data"].as_array_mut().unwrap() {
                    for (key, allowed) in endpoint.choices {
                        item[*key] = json!(allowed[0]);
                    }
                }
                check_request(endpoint.path, &body).unwrap();
            }
            if let Some(text) = endpoint.response {
                check_answer(endpoint.path, &example_corrected(text).unwrap()).unwrap();
            }
        }
    }

    #[test]
    fn requests_that_do_not_fit_are_refused_with_the_reason() {
        let create = "/api/domain/create-domain";
        let refused = |body: Value| check_request(create, &body).unwrap_err();
        assert!(refused(json!({"data":[{"domain":"example.com"}]})).contains("inboundType"));
        assert!(
            refused(json!({"data":[{"domain":"example.com","inboundType":"all"}]}))
                .contains("one of")
        );
        assert!(
            refused(json!({"data":[{"domain":"example.com","inboundType":"any","verified":true}]}))
                .contains("verified")
        );
        assert!(refused(json!({"data":[{"domain":1,"inboundType":"any"}]})).contains("type"));
        assert!(refused(json!({"data":{}})).contains("data array"));
        assert!(
            refused(json!({"meta":{"pagination":{"pageSize":5}},"data":[]})).contains("no meta")
        );
        assert!(check_request("/api/account/get-account", &json!({"data":[{"x":1}]})).is_err());
        let users = "/api/user/get-internal-users";
        check_request(
            users,
            &json!({"meta":{"pagination":{"pageSize":100,"pageToken":"t"}},"data":[{"domain":"a.b"}]}),
        )
        .unwrap();
        assert!(
            check_request(
                users,
                &json!({"meta":{"pagination":{"page":2}},"data":[{"domain":"a.b"}]})
            )
            .is_err()
        );
    }

    #[test]
    fn answers_must_have_the_examples_fields() {
        let path = "/api/domain/get-internal-domain";
        let good = json!({"meta":{"status":200},"data":[{"id":"1","domain":"a.b","sendOnly":false,"local":false,"inboundType":"any"}],"fail":[]});
        check_answer(path, &good).unwrap();
        let mut extra = good.clone();
        extra["data"][0]["verified"] = json!(true);
        assert!(check_answer(path, &extra).unwrap_err().contains("verified"));
        let mut missing = good.clone();
        missing["data"][0].as_object_mut().unwrap().remove("local");
        assert!(check_answer(path, &missing).unwrap_err().contains("local"));
        let subdomain = json!({"meta":{"status":200},"data":[{"id":"1","domain":"a.b.c","created":EXAMPLE_DATE}],"fail":[]});
        check_answer("/api/domain/create-domain", &subdomain).unwrap();
        let paged = json!({"meta":{"status":200,"pagination":{"pageSize":2,"next":"n"}},"data":[],"fail":[]});
        check_answer("/api/user/get-internal-users", &paged).unwrap();
    }
}
