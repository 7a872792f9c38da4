"use strict"　if (((class//ts hgdzufogmv d v　

await {})(...-(null)[/|(?:)(?:){8192,15264}?(?=)\B\B|\b\b(?:)*?/isu()], 0,/* bvd r mx
  bhyfxh*/ ...({eval, /**/get [(("Ô"))]()//l z
 /*l nu  *///　 ﻿   
{// g
//zp o jjk  
/*e l  nt*/
/*﻿qbizb*/  // g jga icjlinu
"use strict"
//dy   xg squ ﻿  l
  //   "±´";
//	 gn  zdjp adb /*gg z  
d 
	ggffa */ /*csx   r */ "use strict"
  /* */"use strict"
 }})[(2315)],
/* g	 ht
 muhd 　k  v*/
({}.ntpfjemajnwopq/* upj c	yoo u*//*gpo 　xn q *//*n*/ ++)[(/(?:)+?s/guy)], ...function//j  j uikb bh　  

uykpwncngplhu(await, /*jt k
u*/// n   kk km s	tepi //    t yccr﻿async,/*q
*/ //   az﻿fo 	ub n h na
igovihwraayavah)/* 	
o
p t a  lkj*/ /**/  /*dqpa*/{ //xd　 ﻿	tj  h y
﻿/*oh f o  g﻿fpl  */

"use strict"
 
//rpife
  /* hfih*/arguments: /**/await: return;
  try // ek ec p p﻿/*  e  b*/// gxs ﻿zub 	yelcy f
{}//  ﻿cejsthfbezr
/*taq */ catch// a mki pbuv 	 
/*hbfbo q *//*or*/ (m)// 　  rjg
 /*  	   tqfde  e u﻿y*//*vrb  r  ﻿hs 
e */{}
 /*v  hvoa　 qmy*/ try {} catch (k)/*ent*/ {}/*jn g　*/
//﻿ldz 
}))) do async: for/*uo  u﻿	    mnax*/ (let k of ((` ~T`))) for (;;)//vz s "©Ð"//gf  p fnzi d 
 
//qm q tjg  ﻿h while

 (--await); else //   dg o
var rfcvkhw =true,// jaf n  d   pt  ma
//b	h ﻿id yt lj 
 {[2e308]:/*
ssi p s pm*//* o t nmpul
j   f *//*z */j, /*   ns szr  k　*/...a}/*    qh  l 
ykh
j */ =/* j lj i
   cvh*//*e  
s    
  io*/ /*o 　*/null, //u hda  g yeyimr f
async/* x      *//*t     b*/ = /* 　a  *//*a
h z*/null.t = //gre lx	
// d ckgrx	((d--)), {k, n, "}ÅÕ":// xp  bl ml
 //gjs 
u = await, //o  
 ...d}
// m  gvacf  h  ﻿ugj /*tbgc f
al s*/
=/*　xf */// z x 
 -(null[null]

/* 	xt lp   r﻿o qm	*///s nn lzkk   y   
 >>=
arguments)
/*kss c ﻿ */
