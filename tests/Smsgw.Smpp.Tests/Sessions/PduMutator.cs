using System.Buffers.Binary;

namespace Smsgw.Smpp.Tests.Sessions;

/// <summary>The mutations both session fuzz tests (SMSC role and ESME role) feed their session.</summary>
internal static class PduMutator
{
    /// <summary>
    /// A seed PDU mutated; command_length is kept true except in the rare framing-loss case (a length under 16 or past
    /// <paramref name="maxPduLength"/>), after which a session cannot find the next frame.
    /// </summary>
    /// <param name="random">The seeded source: the same seed gives the same inputs.</param>
    /// <param name="seeds">Valid frames to start from.</param>
    /// <param name="maxPduLength">The session's limit, which a framing-loss length goes past.</param>
    /// <returns>The frame and whether it breaks the framing.</returns>
    public static (byte[] Input, bool LosesFraming) Mutate(Random random, byte[][] seeds, int maxPduLength)
    {
        if (random.Next(4000) == 0)
        {
            var bad = new byte[16];
            random.NextBytes(bad);
            BinaryPrimitives.WriteUInt32BigEndian(bad, random.Next(2) == 0 ? (uint)random.Next(16) : (uint)random.Next(maxPduLength + 1, int.MaxValue));
            return (bad, true);
        }

        var seed = seeds[random.Next(seeds.Length)];
        byte[] frame;
        switch (random.Next(6))
        {
            case 0: // flip a few body octets
                frame = (byte[])seed.Clone();
                for (var n = random.Next(1, 5); n > 0 && frame.Length > 16; n--)
                {
                    frame[random.Next(16, frame.Length)] = (byte)random.Next(256);
                }

                break;
            case 1: // truncate the body
                frame = seed.AsSpan(0, random.Next(16, seed.Length + 1)).ToArray();
                break;
            case 2: // append random octets (a broken optional part)
                var extra = new byte[random.Next(1, 40)];
                random.NextBytes(extra);
                frame = [.. seed, .. extra];
                break;
            case 3: // a random command id on a valid body
                frame = (byte[])seed.Clone();
                BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), random.Next(2) == 0 ? (uint)random.Next(0x120) : (uint)random.NextInt64(uint.MaxValue));
                break;
            case 4: // a random body under a known header
                var body = new byte[random.Next(0, 300)];
                random.NextBytes(body);
                frame = [.. seed.AsSpan(0, 16), .. body];
                break;
            default: // the seed as it is
                frame = (byte[])seed.Clone();
                break;
        }

        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)frame.Length);
        return (frame, false);
    }
}
