import { createContext, useContext } from 'react';
import type { Principal } from '../session/session.ts';

export const PrincipalContext = createContext<Principal | null>(null);

/** The signed-in principal (screens render only when someone is signed in). */
export function usePrincipal(): Principal {
  const principal = useContext(PrincipalContext);
  if (principal === null) throw new Error('usePrincipal() outside a signed-in screen');
  return principal;
}
