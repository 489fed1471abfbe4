from enum import StrEnum


class AtomSimpleExpressionProperty(StrEnum):
    ATTACHMENTCLOUDID = "attachmentCloudId"
    CAPABILITIES = "capabilities"
    CLOUDID = "cloudId"
    CLOUDMOLECULEID = "cloudMoleculeId"
    HOSTNAME = "hostname"
    ID = "id"
    INSTANCEID = "instanceId"
    ISCLOUDATTACHMENT = "isCloudAttachment"
    NAME = "name"
    STATUS = "status"
    TYPE = "type"

    def __str__(self) -> str:
        return str(self.value)
