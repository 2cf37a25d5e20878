/** OTP core throughput against a bare otpauth TOTP in the same run. */
import { Secret, TOTP } from 'otpauth';
import { generateCode, generateSecret, verifyCode, type OtpParams } from '../../shared/otp';
import { opsPerSecond, type Bench } from './harness';

const bench: Bench = async () => {
  const params: OtpParams = {
    type: 'totp',
    secret: generateSecret(),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    issuer: 'Bench',
    account: 'bench',
  };
  const bare = new TOTP({ secret: Secret.fromBase32(params.secret), algorithm: 'SHA1', digits: 6, period: 30 });
  let t = Date.now();
  const ours = opsPerSecond(() => generateCode(params, (t += 1000)));
  const theirs = opsPerSecond(() => bare.generate({ timestamp: (t += 1000) }));
  const code = generateCode(params, t);
  const oursVerify = opsPerSecond(() => verifyCode(params, code, { timestampMs: t, window: 1 }));
  const theirsVerify = opsPerSecond(() => bare.validate({ token: code, timestamp: t, window: 1 }));
  return [
    { name: 'generateCode', value: ours, unit: 'codes/s', note: `bare otpauth TOTP.generate ${Math.round(theirs).toLocaleString('en-US')}/s; ratio ${(ours / theirs).toFixed(2)}` },
    {
      name: 'verifyCode (window 1)',
      value: oursVerify,
      unit: 'verifications/s',
      note: `bare otpauth TOTP.validate ${Math.round(theirsVerify).toLocaleString('en-US')}/s; ratio ${(oursVerify / theirsVerify).toFixed(2)}`,
    },
  ];
};

export default bench;
