#!/usr/bin/env python3
"""moto alone, in-process: the CPU of one tag-filtered DescribeInstances over N instances, with
moto 5.2.3 as it is or with TaggedEC2Resource.get_tags() looking up its own tags directly.
    ~/.cache/spotplay/moto-venv/bin/python bench/moto-describe.py N stock|patched
(bench/results.md: why PROVIDER=aws bench/big-state.sh 2000 fails on moto). Nothing leaves the process."""
import sys, time, boto3
from moto import mock_aws
N = int(sys.argv[1]); patch = sys.argv[2] == "patched"
if patch:
    import moto.ec2.models.core as core
    from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix
    def get_tags(self):
        if not self.id:
            return []
        return [{"resource_id": self.id, "resource_type": EC2_PREFIX_TO_RESOURCE.get(get_prefix(self.id), ""), "key": k, "value": v}
                for k, v in self.ec2_backend.tags.get(self.id, {}).items()]
    core.TaggedEC2Resource.get_tags = get_tags
with mock_aws():
    ec2 = boto3.client("ec2", region_name="us-east-1")
    tags = [{"Key": k, "Value": "v"} for k in ("spotplay:cluster", "spotplay:group", "spotplay:names", "a", "b")]
    for _ in range(2):
        ec2.run_instances(ImageId="ami-785db401", MinCount=N // 2, MaxCount=N // 2, InstanceType="c5.large",
                          TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])
    ids = [i["InstanceId"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]]
    for n, i in enumerate(ids):
        ec2.create_tags(Resources=[i], Tags=[{"Key": "Name", "Value": "n%d" % n}])
    t = time.process_time()
    pages = list(ec2.get_paginator("describe_instances").paginate(Filters=[{"Name": "tag:spotplay:cluster", "Values": ["v"]}], MaxResults=1000))
    print(N, "patched" if patch else "moto 5.2.3", "DescribeInstances (tag filter, %d pages): %.1f CPU-s" % (len(pages), time.process_time() - t))
