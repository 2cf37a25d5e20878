// app/api/2fa/[[...path]]/route.ts: every method under the base path goes to the handler.
import type { NextRequest } from 'next/server';
import { twoFactor } from '../../../../lib/two-factor';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handle(request: NextRequest): Promise<Response> {
  return (await twoFactor.handle(request)) ?? new Response('Not found', { status: 404 });
}

export { handle as GET, handle as POST, handle as DELETE, handle as OPTIONS };
