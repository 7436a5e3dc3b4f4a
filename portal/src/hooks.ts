import { useMutation } from '@urql/preact';
import type { ConsentPurpose } from './gql/graphql';
import { GrantConsentMutation, WithdrawConsentMutation } from './operations';
import { PURPOSE_TITLE, date } from './lib/format';
import { requestProblem } from './lib/errors';
import { useSession } from './session';

/** Grant and withdraw: one click each, effective for the very next agency request. */
export function useConsentActions() {
  const { refresh, say } = useSession();
  const [grantState, grantM] = useMutation(GrantConsentMutation);
  const [withdrawState, withdrawM] = useMutation(WithdrawConsentMutation);
  return {
    busy: grantState.fetching || withdrawState.fetching,
    async grant(purpose: ConsentPurpose, again = false): Promise<boolean> {
      const res = await grantM({ purpose });
      const problem = requestProblem(res.error) ?? res.data?.grantConsent.userErrors[0]?.message;
      if (problem) {
        say(problem);
        return false;
      }
      const state = res.data!.grantConsent.consent;
      say(`${again ? 'Confirmed again' : 'Done'}: “${PURPOSE_TITLE[purpose]}” is on${state?.expiresAt ? ` until ${date(state.expiresAt)}` : ''}. Your receipt is in the consent history.`);
      refresh();
      return true;
    },
    async withdraw(purpose: ConsentPurpose): Promise<boolean> {
      const res = await withdrawM({ purpose });
      const problem = requestProblem(res.error) ?? res.data?.withdrawConsent.userErrors[0]?.message;
      if (problem) {
        say(problem);
        return false;
      }
      say(`Withdrawn: “${PURPOSE_TITLE[purpose]}” is off, from the very next agency request.`);
      refresh();
      return true;
    },
  };
}
