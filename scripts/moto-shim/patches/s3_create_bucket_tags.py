"""moto's CreateBucket ignores CreateBucketConfiguration.Tags: a bucket created with tags has none.

The aws provider (6.x) tags a bucket in its CreateBucket request and reads the tags back through S3 Control's
ListTagsForResource, so without the patch it plans to add every tag again forever. The patch applies the
request's tags to the new bucket, as S3 does.
"""
from typing import Any

BUCKET = "s3-create-bucket-tags"


def gap_present(session: Any) -> bool:
    s3 = session.client("s3")
    s3.create_bucket(
        Bucket=BUCKET,
        CreateBucketConfiguration={"LocationConstraint": session.region_name, "Tags": [{"Key": "probe", "Value": "yes"}]},
    )
    try:
        return not s3.get_bucket_tagging(Bucket=BUCKET)["TagSet"]
    except s3.exceptions.ClientError:
        return True


def _request_tags(body: bytes | str | None) -> dict[str, str]:
    import xmltodict

    if not body:
        return {}
    try:
        tags = (xmltodict.parse(body).get("CreateBucketConfiguration") or {}).get("Tags") or {}
    except Exception:  # not an XML body: nothing to apply
        return {}
    items = tags.get("Tag") or []
    items = items if isinstance(items, list) else [items]
    return {t["Key"]: t.get("Value") or "" for t in items}


def apply() -> None:
    from moto.s3.responses import S3Response

    bucket_response_put = S3Response._bucket_response_put

    def put_with_tags(self: S3Response, request: Any, bucket_name: str, querystring: dict[str, Any]) -> Any:
        result = bucket_response_put(self, request, bucket_name, querystring)
        if not querystring:
            tags = _request_tags(self.body)
            if tags:
                self.backend.put_bucket_tagging(bucket_name, tags)
        return result

    S3Response._bucket_response_put = put_with_tags
