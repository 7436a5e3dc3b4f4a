// Every GraphQL operation of the portal. Mutations answer briefly (the API limits query depth);
// the session then reads `me` again in full. Types come from schema.graphql through codegen
// (npm run build:portal), so a schema change that breaks one fails the build.
import { graphql } from './gql';

export const InfluencerCardFields = graphql(`
  fragment InfluencerCardFields on Influencer {
    id displayName bio country city languages
    topics { topic { slug name parentSlug } weight }
    accounts { platform handle url followers engagementRate verified verificationMethod verifiedAt followersSource followersUpdatedAt }
    totalFollowers contactable verified updatedAt
  }
`);

export const MeFields = graphql(`
  fragment MeFields on Me {
    id email displayName bio birthDate country city languages status createdAt
    topics { topic { slug name parentSlug } weight }
    accounts {
      id platform handle url followers engagementRate isPrivate connectedAt contested followersSource followersUpdatedAt
      verification { state method verifiedAt expiresAt revokedReason code profileUrl oauthAvailable }
    }
    notices { id kind message platform handle createdAt readAt }
    consents { purpose granted active grantedAt expiresAt }
    consentHistory { id purpose action termsVersion occurredAt source receipt }
    listing { listable reasons explanations contactable }
    preview {
      listed
      influencer { ...InfluencerCardFields }
      matchedTopics { topic { slug name } weight matchedBy evidence }
    }
  }
`);

export const MeQuery = graphql(`
  query PortalMe {
    me { ...MeFields }
    portalPolicy { minAge consentTtlDays terms { purpose title paragraphs termsVersion } }
  }
`);

export const PolicyQuery = graphql(`
  query PortalPolicy { portalPolicy { minAge consentTtlDays terms { purpose title paragraphs termsVersion } } }
`);

export const TopicsQuery = graphql(`
  query PortalTopics { topics { slug name parentSlug } }
`);

export const SignUpMutation = graphql(`
  mutation PortalSignUp($input: SignUpInput!) {
    signUp(input: $input) { codeSentTo userErrors { field message code } }
  }
`);

export const ConfirmSignUpMutation = graphql(`
  mutation PortalConfirmSignUp($email: String!, $code: String!) {
    confirmSignUp(email: $email, code: $code) { me { id } userErrors { field message code } }
  }
`);

export const SignInMutation = graphql(`
  mutation PortalSignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) { me { id } userErrors { field message code } }
  }
`);

export const SignOutMutation = graphql(`mutation PortalSignOut { signOut }`);

export const UpdateProfileMutation = graphql(`
  mutation PortalUpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) { me { id } userErrors { field message code } }
  }
`);

export const ConnectAccountMutation = graphql(`
  mutation PortalConnectAccount($input: SocialAccountInput!) {
    connectSocialAccount(input: $input) { account { id } me { id } userErrors { field message code } }
  }
`);

export const UpdateAccountMutation = graphql(`
  mutation PortalUpdateAccount($id: ID!, $input: SocialAccountInput!) {
    updateSocialAccount(id: $id, input: $input) { account { id } me { id } userErrors { field message code } }
  }
`);

export const StartVerificationMutation = graphql(`
  mutation PortalStartVerification($id: ID!) {
    startSocialAccountVerification(id: $id) { account { id } userErrors { field message code } }
  }
`);

export const VerifyAccountMutation = graphql(`
  mutation PortalVerifyAccount($id: ID!) {
    verifySocialAccount(id: $id) { account { id } userErrors { field message code } }
  }
`);

export const StartOAuthMutation = graphql(`
  mutation PortalStartOAuth($id: ID!) {
    startSocialAccountOAuth(id: $id) { authorizationUrl userErrors { field message code } }
  }
`);

export const MarkNoticeReadMutation = graphql(`
  mutation PortalMarkNoticeRead($id: ID!) {
    markNoticeRead(id: $id) { notice { id } userErrors { field message code } }
  }
`);

export const DisconnectAccountMutation = graphql(`
  mutation PortalDisconnectAccount($id: ID!) {
    disconnectSocialAccount(id: $id) { account { id } me { id } userErrors { field message code } }
  }
`);

export const GrantConsentMutation = graphql(`
  mutation PortalGrantConsent($purpose: ConsentPurpose!) {
    grantConsent(purpose: $purpose) { receipt consent { purpose expiresAt } userErrors { field message code } }
  }
`);

export const WithdrawConsentMutation = graphql(`
  mutation PortalWithdrawConsent($purpose: ConsentPurpose!) {
    withdrawConsent(purpose: $purpose) { me { id } userErrors { field message code } }
  }
`);

export const ExportMyDataQuery = graphql(`query PortalExportMyData { exportMyData }`);

export const DeleteMyAccountMutation = graphql(`
  mutation PortalDeleteMyAccount { deleteMyAccount(confirm: true) { deleted userErrors { field message code } } }
`);

export const ActivityQuery = graphql(`
  query PortalActivity($first: Int!, $after: String) {
    me {
      id
      activity(first: $first, after: $after) {
        edges { cursor node { id kind agency { name } occurredAt day count } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);
