# Seeds the moto emulator with an organization for test/integration/org.test.ts:
# a management account and three members, each with IAM problems of its own,
# the audit role (with the spoke's read-only policy, from argv[1]) in all but
# one, and Identity Center with an administrator permission set assigned to a
# user in the management account. The audit role's policy comes in
# AUDIT_POLICY. Prints the accounts and the caller's key as JSON on stdout.
import json, os, boto3

policy = os.environ["AUDIT_POLICY"]
def trust(principal):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})

def creds(c):
    return dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])

iam = boto3.client("iam")
iam.create_user(UserName="security-admin")
iam.put_user_policy(UserName="security-admin", PolicyName="all", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
key = iam.create_access_key(UserName="security-admin")["AccessKey"]

org = boto3.client("organizations")
org.create_organization(FeatureSet="ALL")
root = org.list_roots()["Roots"][0]["Id"]
prod = org.create_organizational_unit(ParentId=root, Name="Prod")["OrganizationalUnit"]["Id"]
sandbox = org.create_organizational_unit(ParentId=root, Name="Sandbox")["OrganizationalUnit"]["Id"]

def member(name, ou):
    account = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]["AccountId"]
    org.move_account(AccountId=account, SourceParentId=root, DestinationParentId=ou)
    return account

accounts = {"management": "123456789012", "prod": member("prod", prod), "dev": member("dev", sandbox), "orphan": member("orphan", sandbox)}
sts = boto3.client("sts")

def in_account(account):
    if account == "123456789012":
        return boto3.client("iam")
    c = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="seed")["Credentials"]
    return boto3.client("iam", **creds(c))

for label, account in accounts.items():
    a = in_account(account)
    if label != "orphan":
        # moto evaluates a trust policy only within the caller's own account, and there only by exact principal ARN:
        # the management account's role trusts the security team's principal, as the spoke's AdditionalAuditPrincipalArns does.
        principal = "arn:aws:iam::123456789012:user/security-admin" if account == "123456789012" else "arn:aws:iam::123456789012:root"
        a.create_role(RoleName="iam-sentinel-audit", AssumeRolePolicyDocument=trust(principal))
        a.put_role_policy(RoleName="iam-sentinel-audit", PolicyName="read-only", PolicyDocument=policy)
    # Each account's own problem, named after it: a user with an inline admin policy and no group.
    user = f"{label}-admin"
    a.create_user(UserName=user)
    a.put_user_policy(UserName=user, PolicyName="admin", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))

sso = boto3.client("sso-admin")
instance = sso.list_instances()["Instances"][0]
store = boto3.client("identitystore")
alice = store.create_user(IdentityStoreId=instance["IdentityStoreId"], UserName="alice", DisplayName="Alice", Name={"GivenName": "Alice", "FamilyName": "Doe"})["UserId"]
admins = store.create_group(IdentityStoreId=instance["IdentityStoreId"], DisplayName="Admins")["GroupId"]
ps = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="Admin", SessionDuration="PT1H")["PermissionSet"]["PermissionSetArn"]
sso.attach_managed_policy_to_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=ps, ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
ro = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="ReadOnly", SessionDuration="PT8H")["PermissionSet"]["PermissionSetArn"]
sso.attach_managed_policy_to_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=ro, ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
sso.create_account_assignment(InstanceArn=instance["InstanceArn"], TargetId=accounts["management"], TargetType="AWS_ACCOUNT", PermissionSetArn=ps, PrincipalType="USER", PrincipalId=alice)
sso.create_account_assignment(InstanceArn=instance["InstanceArn"], TargetId=accounts["prod"], TargetType="AWS_ACCOUNT", PermissionSetArn=ro, PrincipalType="GROUP", PrincipalId=admins)
# AWS provisions a set where it is assigned; moto does so only when asked (and records the caller's account only).
for arn in (ps, ro):
    sso.provision_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=arn, TargetType="AWS_ACCOUNT", TargetId=accounts["management"])

# The orphan account has no audit role: AWS answers AssumeRole with AccessDenied. moto assumes any role
# name, so the same answer is given by denying the caller that one role.
iam.put_user_policy(UserName="security-admin", PolicyName="no-orphan", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": f"arn:aws:iam::{accounts['orphan']}:role/iam-sentinel-audit"}]}))
print(json.dumps({"accounts": accounts, "accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"], "permissionSets": {"admin": ps, "readOnly": ro}}))
