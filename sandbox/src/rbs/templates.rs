//! Payment-link templates: templates/create.do, get.do, update.do, getList.do (JSON).

use axum::Json;
use serde_json::{json, Map, Value};

use super::merchants::Merchant;
use super::params::{Params, RbsError, RbsResult};
use super::state::Rbs;

fn template_param(p: &Params) -> Result<Map<String, Value>, RbsError> {
    p.object("template")?
        .ok_or_else(|| RbsError::new(4, "[template] is empty"))
}

fn new_id() -> String {
    // 16 letters, like the reference's "umoPoMUCbGrsKRKT".
    let hex = crate::util::uuid().replace('-', "");
    hex.bytes()
        .take(16)
        .enumerate()
        .map(|(i, b)| {
            let v = (b as char).to_digit(16).unwrap_or(0) as u8;
            if i % 2 == 0 {
                (b'a' + v) as char
            } else {
                (b'A' + v) as char
            }
        })
        .collect()
}

fn payload(rbs: &Rbs, id: &str) -> String {
    format!("{}/payment/sc/{id}", rbs.env.base_url)
}

fn merge(stored: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (k, v) in update {
        if k == "additionalParams" {
            let mut list = stored
                .get("additionalParams")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for param in v.as_array().cloned().unwrap_or_default() {
                let name = param["name"].clone();
                list.retain(|x| x["name"] != name);
                if param["mode"] != "REMOVE" {
                    let mut p = param.clone();
                    if let Value::Object(o) = &mut p {
                        o.remove("mode");
                    }
                    list.push(p);
                }
            }
            stored.insert(k.clone(), Value::Array(list));
        } else if k != "templateId" {
            stored.insert(k.clone(), v.clone());
        }
    }
}

/// templates/create.do (a template with an existing templateId is updated, as the reference's
/// update sample posts to create.do).
pub fn create(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let t = template_param(p)?;
    if let Some(id) = t.get("templateId").and_then(Value::as_str) {
        return update_with(rbs, m, id, &t);
    }
    let name = t
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| RbsError::new(4, "[template.name] is empty"))?;
    let id = new_id();
    let mut stored = Map::new();
    stored.insert("templateId".into(), json!(id));
    stored.insert("status".into(), json!("ACTIVE"));
    stored.insert(
        "type".into(),
        json!(t.get("type").cloned().unwrap_or(json!("ECOM"))),
    );
    stored.insert("name".into(), json!(name));
    stored.insert("preAuth".into(), json!(false));
    stored.insert("singlePayment".into(), json!(false));
    merge(&mut stored, &t);
    stored.insert("qrTemplate".into(), json!({ "payload": payload(rbs, &id) }));
    stored.insert("merchant".into(), json!(m.name));
    rbs.lock()
        .templates
        .insert(id.clone(), Value::Object(stored));
    Ok(Json(json!({
        "status": "SUCCESS",
        "template": { "templateId": id, "status": "ACTIVE", "qrTemplate": { "payload": payload(rbs, &id) } },
    })))
}

fn owned(rbs: &Rbs, m: &Merchant, id: &str) -> Result<Map<String, Value>, RbsError> {
    let store = rbs.lock();
    match store.templates.get(id) {
        Some(Value::Object(t))
            if t.get("merchant").and_then(Value::as_str) == Some(m.name.as_str()) =>
        {
            Ok(t.clone())
        }
        _ => Err(RbsError::new(6, "Template not found")),
    }
}

fn public(mut t: Map<String, Value>) -> Value {
    t.remove("merchant");
    Value::Object(t)
}

/// templates/get.do {template: {templateId}}
pub fn get(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let t = template_param(p)?;
    let id = t
        .get("templateId")
        .and_then(Value::as_str)
        .ok_or_else(|| RbsError::new(4, "[template.templateId] is empty"))?;
    Ok(Json(
        json!({ "status": "SUCCESS", "template": public(owned(rbs, m, id)?) }),
    ))
}

fn update_with(rbs: &Rbs, m: &Merchant, id: &str, t: &Map<String, Value>) -> RbsResult {
    let mut stored = owned(rbs, m, id)?;
    merge(&mut stored, t);
    rbs.lock()
        .templates
        .insert(id.to_string(), Value::Object(stored));
    Ok(Json(json!({ "status": "SUCCESS" })))
}

/// templates/update.do {template: {templateId, ...changes}}
pub fn update(rbs: &Rbs, m: &Merchant, p: &Params) -> RbsResult {
    let t = template_param(p)?;
    let id = t
        .get("templateId")
        .and_then(Value::as_str)
        .ok_or_else(|| RbsError::new(4, "[template.templateId] is empty"))?;
    update_with(rbs, m, id, &t)
}

/// templates/getList.do
pub fn get_list(rbs: &Rbs, m: &Merchant, _p: &Params) -> RbsResult {
    let store = rbs.lock();
    let mut list: Vec<Value> = store
        .templates
        .values()
        .filter(|t| t["merchant"] == m.name.as_str())
        .map(|t| {
            let keep = [
                "templateId",
                "status",
                "type",
                "name",
                "amount",
                "currency",
                "qrTemplate",
            ];
            let mut out = Map::new();
            for k in keep {
                if let Some(v) = t.get(k) {
                    out.insert(k.into(), v.clone());
                }
            }
            Value::Object(out)
        })
        .collect();
    list.sort_by(|a, b| a["templateId"].as_str().cmp(&b["templateId"].as_str()));
    Ok(Json(json!({ "status": "SUCCESS", "templates": list })))
}
