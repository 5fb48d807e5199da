import json
import re

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(html):
    """Every JSON-LD object of a page, by @type."""
    objects = [json.loads(match) for match in LD_JSON.findall(html)]
    return {item["@type"]: item for item in objects}


def html_of(client, clinic, path):
    response = client.get(path, HTTP_HOST=clinic.host)
    assert response.status_code == 200, response.status_code
    return response.content.decode()
